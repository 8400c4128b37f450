// The user-facing launcher in tests/fixtures/js (used by the jest global setup
// and by this suite's harness): its errors for a binary that is missing,
// exits early or prints something else, and a clean start/stop.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import net from 'node:net';

const require = createRequire(import.meta.url);
const { startDynamoItems, serverBinary, LISTEN_RE } = require('../../fixtures/js/dynamo-items-server.cjs');

test('the listen line pattern', () => {
  assert.deepEqual(LISTEN_RE.exec('listening on http://127.0.0.1:8123').slice(1), ['http://127.0.0.1:8123', '8123']);
  assert.equal(LISTEN_RE.exec('listening on 127.0.0.1:8123'), null);
});

test('the binary comes from the option, then DYNAMO_ITEMS_BIN, then PATH', () => {
  assert.equal(serverBinary({ bin: '/x/dynamo-items' }), '/x/dynamo-items');
  assert.equal(serverBinary({}), process.env.DYNAMO_ITEMS_BIN || 'dynamo-items');
});

test('a missing binary is a clear error', async () => {
  await assert.rejects(startDynamoItems({ bin: '/nonexistent/dynamo-items' }),
    /cannot start dynamo-items \(spawn \/nonexistent\/dynamo-items ENOENT\); set DYNAMO_ITEMS_BIN/);
});

test('a binary that exits before listening is an error', async () => {
  await assert.rejects(startDynamoItems({ bin: '/bin/false' }), /dynamo-items exited \(code 1, signal null\) before listening/);
});

test('a binary that prints something else is an error', async () => {
  await assert.rejects(startDynamoItems({ bin: '/bin/echo' }), /unexpected first line from dynamo-items: "serve --host/);
});

test('start gives a loopback endpoint; stop ends the server cleanly', async () => {
  const server = await startDynamoItems();
  assert.match(server.endpoint, /^http:\/\/127\.0\.0\.1:\d+$/);
  const response = await fetch(server.endpoint, {
    method: 'POST',
    body: '{}',
    headers: { 'X-Amz-Target': 'DynamoDB_20120810.ListTables', 'Content-Type': 'application/x-amz-json-1.0' },
  });
  assert.equal(response.status, 200);
  assert.ok(Array.isArray((await response.json()).TableNames));
  assert.deepEqual(await server.stop(), { code: 0, signal: null });
  await assert.rejects(new Promise((resolve, reject) => {
    const socket = net.connect(server.port, '127.0.0.1', () => { socket.end(); resolve(); });
    socket.on('error', reject);
  }), /ECONNREFUSED/);
});
