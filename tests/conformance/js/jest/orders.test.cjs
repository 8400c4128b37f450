// Each test in a database of its own, cloned from the snapshot that
// global-setup.cjs seeded: README.md shows this pattern (its example is this
// file's first part). jest runs this file and databases.test.cjs in two
// workers at once; neither ever sees the other's writes, and the default
// database keeps the seed.
'use strict';

const { DynamoDBClient } = require('@aws-sdk/client-dynamodb');
const { DynamoDBDocumentClient, GetCommand, UpdateCommand } = require('@aws-sdk/lib-dynamodb');
const { createDatabase, deleteDatabase, useDatabase } = require('./dynamo-items-databases.cjs');

let database;
let doc;

beforeEach(async () => {
  database = await createDatabase({ fromSnapshot: 'seeded' }); // a copy of the seed for this test alone
  doc = DynamoDBDocumentClient.from(useDatabase(new DynamoDBClient({}), database.DatabaseName));
});

afterEach(async () => {
  doc.destroy();
  await deleteDatabase(database.DatabaseName);
});

test('closing an order', async () => {
  await doc.send(new UpdateCommand({
    TableName: 'orders', Key: { id: 'order-1' },
    UpdateExpression: 'SET #s = :closed', ExpressionAttributeNames: { '#s': 'status' },
    ExpressionAttributeValues: { ':closed': 'closed' },
  }));
  const { Item } = await doc.send(new GetCommand({ TableName: 'orders', Key: { id: 'order-1' } }));
  expect(Item.status).toBe('closed');
});

// ---- what the pattern promises ----------------------------------------------

const { PutCommand, ScanCommand } = require('@aws-sdk/lib-dynamodb');

const defaultDoc = DynamoDBDocumentClient.from(new DynamoDBClient({ maxAttempts: 1 }));
afterAll(() => defaultDoc.destroy());

async function ids(client) {
  const { Items } = await client.send(new ScanCommand({ TableName: 'orders', ConsistentRead: true }));
  return Items.map((i) => i.id).sort();
}

test('every test starts from the seed', async () => {
  const { Item } = await doc.send(new GetCommand({ TableName: 'orders', Key: { id: 'order-1' } }));
  expect(Item.status).toBe('open');
  expect(database.TableNames).toEqual(['orders']);
  expect(database.ItemCount).toBe(20);
});

test('writes stay in the test database while the other worker writes in its own', async () => {
  for (let i = 0; i < 30; i += 1) {
    await doc.send(new PutCommand({ TableName: 'orders', Item: { id: `orders-file-${i}`, status: 'new' } }));
  }
  const seen = await ids(doc);
  expect(seen).toHaveLength(50);
  expect(seen.filter((id) => id.startsWith('databases-file-'))).toEqual([]);
  // The default database (no header) still holds the seed alone.
  expect(await ids(defaultDoc)).toHaveLength(20);
});
