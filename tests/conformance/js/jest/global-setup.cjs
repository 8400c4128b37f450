// jest globalSetup of a suite whose tests each work in a database of their
// own: start the server (tests/fixtures/js/jest-global-setup.cjs), seed once,
// save the seed as a snapshot. Each test then clones it (orders.test.cjs).
// README.md shows this file.
'use strict';

const { BatchWriteItemCommand, CreateTableCommand, DynamoDBClient } = require('@aws-sdk/client-dynamodb');
const startDynamoItems = require('./jest-global-setup.cjs');
const { createSnapshot } = require('./dynamo-items-databases.cjs');

module.exports = async function globalSetup() {
  await startDynamoItems(); // sets DYNAMO_ITEMS_ENDPOINT and AWS_ENDPOINT_URL_DYNAMODB for the workers
  const client = new DynamoDBClient({});
  await client.send(new CreateTableCommand({
    TableName: 'orders',
    AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
    KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
    BillingMode: 'PAY_PER_REQUEST',
  }));
  const puts = Array.from({ length: 20 }, (_, i) => ({
    PutRequest: { Item: { id: { S: `order-${i}` }, status: { S: 'open' } } },
  }));
  await client.send(new BatchWriteItemCommand({ RequestItems: { orders: puts } }));
  await createSnapshot('seeded', { tables: ['orders'] });
  client.destroy();
};
