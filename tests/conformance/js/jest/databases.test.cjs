// The JavaScript helpers for dynamo-items' named databases
// (tests/fixtures/js/dynamo-items-databases.cjs) through the AWS SDK v3:
// clones written at once stay apart, the DocumentClient shares the header,
// DeleteDatabase makes the database's requests fail with
// DatabaseNotFoundException, and errors reject with DynamoDB's names.
'use strict';

const { DynamoDBClient, ListTablesCommand } = require('@aws-sdk/client-dynamodb');
const { DynamoDBDocumentClient, PutCommand, ScanCommand } = require('@aws-sdk/lib-dynamodb');
const {
  createDatabase, createSnapshot, deleteDatabase, listDatabases, restoreSnapshot, useDatabase,
} = require('./dynamo-items-databases.cjs');

const clientFor = (name) => DynamoDBDocumentClient.from(useDatabase(new DynamoDBClient({ maxAttempts: 1 }), name));

async function ids(client) {
  const { Items } = await client.send(new ScanCommand({ TableName: 'orders', ConsistentRead: true }));
  return Items.map((i) => i.id).sort();
}

test('two databases written at once never see each other', async () => {
  const [a, b] = await Promise.all([1, 2].map(() => createDatabase({ fromSnapshot: 'seeded' })));
  const clients = [clientFor(a.DatabaseName), clientFor(b.DatabaseName)];
  try {
    await Promise.all(clients.map(async (client, n) => {
      for (let i = 0; i < 30; i += 1) {
        await client.send(new PutCommand({ TableName: 'orders', Item: { id: `databases-file-${n}-${i}` } }));
      }
    }));
    for (const [n, client] of clients.entries()) {
      const seen = await ids(client);
      expect(seen).toHaveLength(50);
      expect(seen.filter((id) => id.startsWith('databases-file-') && !id.startsWith(`databases-file-${n}-`)))
        .toEqual([]);
      expect(seen.filter((id) => id.startsWith('orders-file-'))).toEqual([]);
    }
  } finally {
    for (const client of clients) client.destroy();
    await deleteDatabase(a.DatabaseName);
    await deleteDatabase(b.DatabaseName);
  }
});

test('listing, deleting, and requests to a deleted database', async () => {
  const created = await createDatabase({ name: `listed-${process.pid}`, fromSnapshot: 'seeded' });
  expect(created).toMatchObject({ DatabaseName: `listed-${process.pid}`, FromSnapshot: 'seeded', ItemCount: 20 });
  expect((await listDatabases()).map((d) => d.DatabaseName)).toContain(created.DatabaseName);
  const client = clientFor(created.DatabaseName);
  expect((await client.send(new ListTablesCommand({}))).TableNames).toEqual(['orders']);
  await deleteDatabase(created.DatabaseName);
  expect((await listDatabases()).map((d) => d.DatabaseName)).not.toContain(created.DatabaseName);
  await expect(client.send(new ListTablesCommand({}))).rejects.toMatchObject({
    name: 'DatabaseNotFoundException', message: `Database not found: ${created.DatabaseName}`,
    $metadata: { httpStatusCode: 400 },
  });
  client.destroy();
});

test('snapshots inside a database are its own', async () => {
  const db = await createDatabase({ fromSnapshot: 'seeded' });
  const client = clientFor(db.DatabaseName);
  try {
    await client.send(new PutCommand({ TableName: 'orders', Item: { id: 'kept' } }));
    await createSnapshot('inner', { database: db.DatabaseName });
    await client.send(new PutCommand({ TableName: 'orders', Item: { id: 'dropped' } }));
    await restoreSnapshot('inner', { database: db.DatabaseName });
    expect(await ids(client)).toContain('kept');
    expect(await ids(client)).not.toContain('dropped');
    // The default database has no snapshot of that name.
    await expect(restoreSnapshot('inner')).rejects.toMatchObject({
      name: 'SnapshotNotFoundException', message: 'Snapshot not found: inner', statusCode: 400,
    });
  } finally {
    client.destroy();
    await deleteDatabase(db.DatabaseName);
  }
});

test('errors reject with DynamoDB-shaped names and messages', async () => {
  await expect(createDatabase({ fromSnapshot: 'no-such-snapshot' })).rejects.toMatchObject({
    name: 'SnapshotNotFoundException', message: 'Snapshot not found: no-such-snapshot', statusCode: 400,
  });
  await expect(createDatabase({ name: 'bad name' })).rejects.toMatchObject({
    name: 'ValidationException', statusCode: 400,
    message: "1 validation error detected: Value 'bad name' at 'databaseName' failed to satisfy constraint: "
      + 'Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+',
  });
  await expect(deleteDatabase(`missing-${process.pid}`)).rejects.toMatchObject({
    name: 'DatabaseNotFoundException', message: `Database not found: missing-${process.pid}`,
  });
  const twice = await createDatabase();
  await expect(createDatabase({ name: twice.DatabaseName })).rejects.toMatchObject({
    name: 'ResourceInUseException', message: `Database already exists: ${twice.DatabaseName}`,
  });
  await deleteDatabase(twice.DatabaseName);
});
