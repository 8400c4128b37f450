// Shared harness of the JavaScript conformance tests (node:test): one
// dynamo-items server per test file (started through the user-facing fixture
// in tests/fixtures/js), AWS SDK v3 clients pointed at it, unique table names,
// and table creation that waits with the SDK's own waiter.
//
// $DYNAMO_ITEMS_BIN names the server binary (ctest sets it); with
// $DYNAMO_ITEMS_ENDPOINT set no server is started and that endpoint is used
// (DynamoDB Local, or AWS with real credentials).
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { DynamoDBClient, CreateTableCommand, DeleteTableCommand, waitUntilTableExists } from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

const require = createRequire(import.meta.url);
const { startDynamoItems } = require('../../fixtures/js/dynamo-items-server.cjs');

export const REGION = process.env.AWS_REGION || process.env.AWS_DEFAULT_REGION || 'us-east-1';
const EXTERNAL = process.env.DYNAMO_ITEMS_ENDPOINT || null;

function clientConfig(endpoint) {
  const config = { endpoint, region: REGION, maxAttempts: 1 };
  if (!EXTERNAL) {
    config.credentials = { accessKeyId: 'AKIDCONFORMANCEJS', secretAccessKey: 'conformance-secret' };
  }
  return config;
}

// Starts the server (or takes the external endpoint) and builds the clients.
export async function setUp() {
  const server = EXTERNAL ? null : await startDynamoItems();
  const endpoint = EXTERNAL || server.endpoint;
  const client = new DynamoDBClient(clientConfig(endpoint));
  const ctx = {
    endpoint,
    client,
    doc: DynamoDBDocumentClient.from(client),
    streams: new DynamoDBStreamsClient(clientConfig(endpoint)),
    tables: [],
    extraClients: [],
    // Another low-level client on the same endpoint. A DocumentClient keeps its
    // marshalling options in the client's shared config, so two
    // DocumentClients with different options need two clients.
    newClient() {
      const extra = new DynamoDBClient(clientConfig(endpoint));
      ctx.extraClients.push(extra);
      return extra;
    },
    async tearDown() {
      for (const TableName of ctx.tables) {
        try {
          await client.send(new DeleteTableCommand({ TableName }));
        } catch (err) {
          if (err.name !== 'ResourceNotFoundException') throw err;
        }
      }
      client.destroy();
      for (const extra of ctx.extraClients) extra.destroy();
      ctx.streams.destroy();
      if (server) await server.stop();
    },
  };
  return ctx;
}

export function uniqueName(prefix = 't') {
  return `js_${prefix}_${randomBytes(6).toString('hex')}`;
}

// CreateTable, then the SDK's waiter until ACTIVE; the table is deleted by
// tearDown. Returns the table name.
export async function createTable(ctx, input) {
  const TableName = input.TableName || uniqueName();
  await ctx.client.send(new CreateTableCommand({ BillingMode: 'PAY_PER_REQUEST', ...input, TableName }));
  ctx.tables.push(TableName);
  await waitUntilTableExists({ client: ctx.client, maxWaitTime: 60, minDelay: 1 }, { TableName });
  return TableName;
}

// Awaits promise and returns the error it rejects with (fails if it resolves).
export async function rejection(promise) {
  try {
    await promise;
  } catch (err) {
    return err;
  }
  throw new Error('expected the request to fail, it succeeded');
}
