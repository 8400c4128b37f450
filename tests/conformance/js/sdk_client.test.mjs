// AWS SDK v3's low-level client (@aws-sdk/client-dynamodb) as applications use
// it: tables with a GSI and an LSI, the table waiters, the paginators, the
// error classes the SDK raises (by name, with DynamoDB's exact messages),
// transactions with CancellationReasons.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  ConditionalCheckFailedException,
  DeleteTableCommand,
  DescribeTableCommand,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  ResourceNotFoundException,
  TransactGetItemsCommand,
  TransactWriteItemsCommand,
  TransactionCanceledException,
  UpdateItemCommand,
  paginateListTables,
  paginateQuery,
  paginateScan,
  waitUntilTableExists,
  waitUntilTableNotExists,
} from '@aws-sdk/client-dynamodb';
import { setUp, createTable, uniqueName, rejection } from './harness.mjs';

let ctx;
let table; // pk S, sk N; GSI byStatus (status S, sk N) KEYS_ONLY; LSI byTitle (pk, title S) ALL

before(async () => {
  ctx = await setUp();
  table = await createTable(ctx, {
    AttributeDefinitions: [
      { AttributeName: 'pk', AttributeType: 'S' },
      { AttributeName: 'sk', AttributeType: 'N' },
      { AttributeName: 'status', AttributeType: 'S' },
      { AttributeName: 'title', AttributeType: 'S' },
    ],
    KeySchema: [
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ],
    GlobalSecondaryIndexes: [{
      IndexName: 'byStatus',
      KeySchema: [{ AttributeName: 'status', KeyType: 'HASH' }, { AttributeName: 'sk', KeyType: 'RANGE' }],
      Projection: { ProjectionType: 'KEYS_ONLY' },
    }],
    LocalSecondaryIndexes: [{
      IndexName: 'byTitle',
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }, { AttributeName: 'title', KeyType: 'RANGE' }],
      Projection: { ProjectionType: 'ALL' },
    }],
  });
  for (let i = 0; i < 25; i++) {
    await ctx.client.send(new PutItemCommand({
      TableName: table,
      Item: {
        pk: { S: 'user#1' },
        sk: { N: String(i) },
        status: { S: i % 2 ? 'odd' : 'even' },
        title: { S: `title-${String(24 - i).padStart(2, '0')}` },
        body: { S: 'x'.repeat(100) },
      },
    }));
  }
});

after(async () => {
  await ctx?.tearDown();
});

test('DescribeTable reports both indexes as the SDK types them', async () => {
  const { Table } = await ctx.client.send(new DescribeTableCommand({ TableName: table }));
  assert.equal(Table.TableStatus, 'ACTIVE');
  assert.equal(Table.GlobalSecondaryIndexes.length, 1);
  assert.equal(Table.GlobalSecondaryIndexes[0].IndexName, 'byStatus');
  assert.equal(Table.GlobalSecondaryIndexes[0].IndexStatus, 'ACTIVE');
  assert.deepEqual(Table.GlobalSecondaryIndexes[0].Projection, { ProjectionType: 'KEYS_ONLY' });
  assert.equal(Table.LocalSecondaryIndexes[0].IndexName, 'byTitle');
  assert.equal(Table.ItemCount >= 0, true);
});

test('paginateQuery walks every page of a table query, in sort-key order', async () => {
  const seen = [];
  let pages = 0;
  for await (const page of paginateQuery({ client: ctx.client, pageSize: 7 }, {
    TableName: table,
    KeyConditionExpression: 'pk = :p AND sk >= :from',
    ExpressionAttributeValues: { ':p': { S: 'user#1' }, ':from': { N: '3' } },
  })) {
    pages++;
    assert.ok(page.Items.length <= 7);
    seen.push(...page.Items.map((item) => Number(item.sk.N)));
  }
  assert.deepEqual(seen, Array.from({ length: 22 }, (_, i) => i + 3));
  assert.equal(pages, 4); // 7 + 7 + 7 + 1
});

test('paginateQuery on the GSI returns only the projected keys', async () => {
  const items = [];
  for await (const page of paginateQuery({ client: ctx.client, pageSize: 5 }, {
    TableName: table,
    IndexName: 'byStatus',
    KeyConditionExpression: '#s = :s',
    ExpressionAttributeNames: { '#s': 'status' },
    ExpressionAttributeValues: { ':s': { S: 'odd' } },
    ScanIndexForward: false,
  })) {
    items.push(...page.Items);
  }
  assert.equal(items.length, 12);
  assert.deepEqual(items.map((item) => Number(item.sk.N)), [23, 21, 19, 17, 15, 13, 11, 9, 7, 5, 3, 1]);
  for (const item of items) assert.deepEqual(Object.keys(item).sort(), ['pk', 'sk', 'status']);
});

test('a query on the LSI orders by the index sort key and projects everything', async () => {
  const { Items, Count } = await ctx.client.send(new QueryCommand({
    TableName: table,
    IndexName: 'byTitle',
    KeyConditionExpression: 'pk = :p AND begins_with(title, :t)',
    ExpressionAttributeValues: { ':p': { S: 'user#1' }, ':t': { S: 'title-0' } },
    Limit: 3,
  }));
  assert.equal(Count, 3);
  assert.deepEqual(Items.map((item) => item.title.S), ['title-00', 'title-01', 'title-02']);
  assert.deepEqual(Items.map((item) => item.sk.N), ['24', '23', '22']);
  assert.equal(Items[0].body.S.length, 100);
});

test('paginateScan with a filter counts what it scanned and what it kept', async () => {
  let scanned = 0;
  let kept = 0;
  for await (const page of paginateScan({ client: ctx.client, pageSize: 10 }, {
    TableName: table,
    FilterExpression: '#s = :s',
    ExpressionAttributeNames: { '#s': 'status' },
    ExpressionAttributeValues: { ':s': { S: 'even' } },
  })) {
    scanned += page.ScannedCount;
    kept += page.Count;
  }
  assert.equal(scanned, 25);
  assert.equal(kept, 13);
});

test('paginateListTables finds the table among pages of one', async () => {
  const names = [];
  for await (const page of paginateListTables({ client: ctx.client, pageSize: 1 }, {})) {
    assert.ok(page.TableNames.length <= 1);
    names.push(...page.TableNames);
  }
  assert.ok(names.includes(table));
});

test('waitUntilTableExists and waitUntilTableNotExists follow CreateTable and DeleteTable', async () => {
  const name = await createTable(ctx, {
    AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
    KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
  });
  const exists = await waitUntilTableExists({ client: ctx.client, maxWaitTime: 30, minDelay: 1 }, { TableName: name });
  assert.equal(exists.state, 'SUCCESS');
  await ctx.client.send(new DeleteTableCommand({ TableName: name }));
  const gone = await waitUntilTableNotExists({ client: ctx.client, maxWaitTime: 30, minDelay: 1 }, { TableName: name });
  assert.equal(gone.state, 'SUCCESS');
});

test('a failed condition is a ConditionalCheckFailedException carrying the old item on request', async () => {
  const Key = { pk: { S: 'cond' }, sk: { N: '1' } };
  await ctx.client.send(new PutItemCommand({ TableName: table, Item: { ...Key, v: { N: '1' } } }));
  const err = await rejection(ctx.client.send(new PutItemCommand({
    TableName: table,
    Item: { ...Key, v: { N: '2' } },
    ConditionExpression: 'attribute_not_exists(pk)',
    ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
  })));
  assert.ok(err instanceof ConditionalCheckFailedException, `got ${err.name}: ${err.message}`);
  assert.equal(err.name, 'ConditionalCheckFailedException');
  assert.equal(err.message, 'The conditional request failed');
  assert.equal(err.$metadata.httpStatusCode, 400);
  assert.deepEqual(err.Item, { ...Key, v: { N: '1' } });
});

test('a missing table is a ResourceNotFoundException', async () => {
  const err = await rejection(ctx.client.send(new GetItemCommand({
    TableName: uniqueName('missing'),
    Key: { pk: { S: 'a' }, sk: { N: '1' } },
  })));
  assert.ok(err instanceof ResourceNotFoundException, `got ${err.name}: ${err.message}`);
  assert.equal(err.message, 'Requested resource not found');
});

test('bad input is a ValidationException with DynamoDB\'s message', async () => {
  const wrongType = await rejection(ctx.client.send(new PutItemCommand({
    TableName: table,
    Item: { pk: { S: 'a' }, sk: { S: 'not a number' } },
  })));
  assert.equal(wrongType.name, 'ValidationException');
  assert.equal(wrongType.message,
    'One or more parameter values were invalid: Type mismatch for key sk expected: N actual: S');
  const wrongKey = await rejection(ctx.client.send(new GetItemCommand({ TableName: table, Key: { pk: { S: 'a' } } })));
  assert.equal(wrongKey.name, 'ValidationException');
  assert.equal(wrongKey.message, 'The provided key element does not match the schema');
  const badUpdate = await rejection(ctx.client.send(new UpdateItemCommand({
    TableName: table,
    Key: { pk: { S: 'a' }, sk: { N: '1' } },
    UpdateExpression: 'SET v = :missing',
  })));
  assert.equal(badUpdate.name, 'ValidationException');
  assert.equal(badUpdate.message,
    'Invalid UpdateExpression: An expression attribute value used in expression is not defined; attribute value: :missing');
});

test('TransactWriteItems applies all or nothing; cancellation names a reason per action', async () => {
  const key = (name) => ({ pk: { S: 'acct' }, sk: { N: String(name) } });
  await ctx.client.send(new PutItemCommand({ TableName: table, Item: { ...key(1), balance: { N: '10' } } }));
  await ctx.client.send(new PutItemCommand({ TableName: table, Item: { ...key(2), balance: { N: '0' } } }));
  const transfer = (amount) => new TransactWriteItemsCommand({
    TransactItems: [
      { Update: {
        TableName: table, Key: key(1), UpdateExpression: 'SET balance = balance - :a',
        ConditionExpression: 'balance >= :a', ExpressionAttributeValues: { ':a': { N: String(amount) } },
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      } },
      { Update: {
        TableName: table, Key: key(2), UpdateExpression: 'SET balance = balance + :a',
        ExpressionAttributeValues: { ':a': { N: String(amount) } },
      } },
    ],
  });
  await ctx.client.send(transfer(4));
  const err = await rejection(ctx.client.send(transfer(7)));
  assert.ok(err instanceof TransactionCanceledException, `got ${err.name}: ${err.message}`);
  assert.equal(err.message,
    'Transaction cancelled, please refer cancellation reasons for specific reasons [ConditionalCheckFailed, None]');
  assert.deepEqual(err.CancellationReasons.map((r) => r.Code), ['ConditionalCheckFailed', 'None']);
  assert.equal(err.CancellationReasons[0].Message, 'The conditional request failed');
  assert.deepEqual(err.CancellationReasons[0].Item, { ...key(1), balance: { N: '6' } });

  const { Responses } = await ctx.client.send(new TransactGetItemsCommand({
    TransactItems: [
      { Get: { TableName: table, Key: key(1) } },
      { Get: { TableName: table, Key: key(2) } },
      { Get: { TableName: table, Key: key(3) } },
    ],
  }));
  assert.deepEqual(Responses.map((r) => r.Item?.balance?.N), ['6', '4', undefined]);
});
