// A jest test file as a user would write it with the global setup: the SDK
// finds the server through AWS_ENDPOINT_URL_DYNAMODB, no endpoint in code.
'use strict';

const fs = require('node:fs');
const {
  CreateTableCommand, DynamoDBClient, waitUntilTableExists, DeleteTableCommand,
} = require('@aws-sdk/client-dynamodb');
const { DynamoDBDocumentClient, GetCommand, PutCommand } = require('@aws-sdk/lib-dynamodb');

const client = new DynamoDBClient({ maxAttempts: 1 });
const doc = DynamoDBDocumentClient.from(client);
const TableName = `jest_${process.pid}_${Date.now()}`;

beforeAll(async () => {
  await client.send(new CreateTableCommand({
    TableName,
    AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
    KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
    BillingMode: 'PAY_PER_REQUEST',
  }));
  await waitUntilTableExists({ client, maxWaitTime: 30, minDelay: 1 }, { TableName });
});

afterAll(async () => {
  await client.send(new DeleteTableCommand({ TableName }));
  client.destroy();
});

test('the global setup exports a loopback endpoint on a port it picked', () => {
  expect(process.env.DYNAMO_ITEMS_ENDPOINT).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  expect(process.env.AWS_ENDPOINT_URL_DYNAMODB).toBe(process.env.DYNAMO_ITEMS_ENDPOINT);
  // The runner (run.sh) checks after jest exits that the teardown stopped it.
  if (process.env.DYNAMO_ITEMS_JEST_ENDPOINT_FILE) {
    fs.writeFileSync(process.env.DYNAMO_ITEMS_JEST_ENDPOINT_FILE, process.env.DYNAMO_ITEMS_ENDPOINT);
  }
});

test('a DocumentClient without an explicit endpoint reaches the server', async () => {
  await doc.send(new PutCommand({ TableName, Item: { id: 'a', tags: new Set(['x', 'y']), n: 7 } }));
  const { Item } = await doc.send(new GetCommand({ TableName, Key: { id: 'a' } }));
  expect(Item.n).toBe(7);
  expect([...Item.tags].sort()).toEqual(['x', 'y']);
});

test('errors keep their DynamoDB names', async () => {
  await expect(doc.send(new PutCommand({
    TableName, Item: { id: 'a' }, ConditionExpression: 'attribute_not_exists(id)',
  }))).rejects.toMatchObject({ name: 'ConditionalCheckFailedException', message: 'The conditional request failed' });
});
