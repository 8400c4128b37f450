// The signing of tests/fixtures/js/dynamo-items-databases.cjs: against a
// server that checks SigV4 signatures (--credentials), its requests with the
// right secret and session token are accepted and reach the same per-key
// database as the SDK's, with a wrong secret they are refused
// (InvalidSignatureException), and so is one without the key's session token.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CreateTableCommand, DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';

const require = createRequire(import.meta.url);
const { startDynamoItems } = require('../../fixtures/js/dynamo-items-server.cjs');
const { createDatabase, createSnapshot, deleteDatabase, listDatabases, useDatabase } =
  require('../../fixtures/js/dynamo-items-databases.cjs');

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dynamo-items-js-creds-'));
const credentialsFile = path.join(dir, 'credentials');
const good = { accessKeyId: 'AKIDJSFIXTURE', secretAccessKey: 'js-fixture-secret', sessionToken: 'js-token' };
fs.writeFileSync(credentialsFile, `${good.accessKeyId} ${good.secretAccessKey} ${good.sessionToken}\n`);
const server = await startDynamoItems({ args: ['--credentials', credentialsFile] });
after(async () => {
  await server.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});
const options = { endpoint: server.endpoint, credentials: good, region: 'eu-west-1' };

test('signed requests are accepted and reach the SDK client\'s database', async () => {
  const sdk = new DynamoDBClient({ endpoint: server.endpoint, region: 'eu-west-1', credentials: good, maxAttempts: 1 });
  await sdk.send(new CreateTableCommand({
    TableName: 'signed', BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
    KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
  }));
  const saved = await createSnapshot('js-seed', options);
  assert.deepEqual(saved.TableNames, ['signed']);
  const db = await createDatabase({ name: 'js-db', fromSnapshot: 'js-seed', ...options });
  assert.deepEqual(db.TableNames, ['signed']);
  assert.deepEqual((await listDatabases(options)).map((d) => d.DatabaseName), ['js-db']);
  const inDb = useDatabase(new DynamoDBClient({ endpoint: server.endpoint, region: 'eu-west-1', credentials: good,
    maxAttempts: 1 }), 'js-db');
  assert.deepEqual((await inDb.send(new ListTablesCommand({}))).TableNames, ['signed']);
  await deleteDatabase('js-db', options);
  await assert.rejects(inDb.send(new ListTablesCommand({})), { name: 'DatabaseNotFoundException' });
  inDb.destroy();
  sdk.destroy();
});

test('a wrong secret is refused', async () => {
  await assert.rejects(listDatabases({ ...options, credentials: { ...good, secretAccessKey: 'wrong' } }),
    { name: 'InvalidSignatureException', statusCode: 400 });
  await assert.rejects(listDatabases({ ...options, credentials: { ...good, sessionToken: undefined } }),
    { name: 'UnrecognizedClientException', message: 'The security token included in the request is invalid.',
      statusCode: 400 });
});
