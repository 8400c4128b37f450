// @aws-sdk/lib-dynamodb's DocumentClient: native JavaScript values in and out
// (sets, numbers big and small, binary, nested maps and lists, null), the
// document paginators, batch and transaction commands, and the conditions and
// updates applications write with it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { GetItemCommand as RawGetItemCommand } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  BatchWriteCommand,
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  NumberValue,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
  paginateQuery,
  paginateScan,
} from '@aws-sdk/lib-dynamodb';
import { setUp, createTable, rejection } from './harness.mjs';

let ctx;
let table; // id S, n N
let wrapped; // a DocumentClient that reads numbers as NumberValue (exact)

before(async () => {
  ctx = await setUp();
  table = await createTable(ctx, {
    AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }, { AttributeName: 'n', AttributeType: 'N' }],
    KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }, { AttributeName: 'n', KeyType: 'RANGE' }],
  });
  wrapped = DynamoDBDocumentClient.from(ctx.newClient(), {
    marshallOptions: { removeUndefinedValues: true },
    unmarshallOptions: { wrapNumbers: true },
  });
});

after(async () => {
  await ctx?.tearDown();
});

test('native values are marshalled to DynamoDB types and back', async () => {
  const item = {
    id: 'doc', n: 1,
    str: 'héllo ✓',
    int: 42,
    float: -0.5,
    bool: true,
    nothing: null,
    bytes: new Uint8Array([0, 1, 2, 254, 255]),
    strings: new Set(['b', 'a']),
    numbers: new Set([3, 1.5, -2]),
    blobs: new Set([new Uint8Array([1]), new Uint8Array([2, 3])]),
    list: [1, 'two', { three: [3] }, null, false],
    map: { nested: { deeper: 'yes' }, empty: {} },
    emptyList: [],
    emptyString: '',
  };
  await ctx.doc.send(new PutCommand({ TableName: table, Item: item }));

  // What is stored, in DynamoDB's own types.
  const raw = (await ctx.client.send(new RawGetItemCommand({ TableName: table, Key: { id: { S: 'doc' }, n: { N: '1' } } }))).Item;
  assert.deepEqual(raw.str, { S: 'héllo ✓' });
  assert.deepEqual(raw.float, { N: '-0.5' });
  assert.deepEqual(raw.nothing, { NULL: true });
  assert.deepEqual(raw.bytes, { B: new Uint8Array([0, 1, 2, 254, 255]) });
  assert.deepEqual([...raw.strings.SS].sort(), ['a', 'b']);
  assert.deepEqual([...raw.numbers.NS].sort(), ['-2', '1.5', '3']);
  assert.equal(raw.blobs.BS.length, 2);
  assert.deepEqual(raw.list.L[2], { M: { three: { L: [{ N: '3' }] } } });
  assert.deepEqual(raw.map.M.empty, { M: {} });
  assert.deepEqual(raw.emptyString, { S: '' });

  const { Item } = await ctx.doc.send(new GetCommand({ TableName: table, Key: { id: 'doc', n: 1 } }));
  assert.equal(Item.str, item.str);
  assert.equal(Item.int, 42);
  assert.equal(Item.float, -0.5);
  assert.equal(Item.bool, true);
  assert.equal(Item.nothing, null);
  assert.ok(Item.bytes instanceof Uint8Array);
  assert.deepEqual([...Item.bytes], [0, 1, 2, 254, 255]);
  assert.ok(Item.strings instanceof Set);
  assert.deepEqual([...Item.strings].sort(), ['a', 'b']);
  assert.deepEqual([...Item.numbers].sort((a, b) => a - b), [-2, 1.5, 3]);
  assert.deepEqual([...Item.blobs].map((b) => [...b]).sort(), [[1], [2, 3]]);
  assert.deepEqual(Item.list, [1, 'two', { three: [3] }, null, false]);
  assert.deepEqual(Item.map, { nested: { deeper: 'yes' }, empty: {} });
  assert.deepEqual(Item.emptyList, []);
  assert.equal(Item.emptyString, '');
});

test('38-digit numbers survive exactly through NumberValue; DynamoDB normalizes their text', async () => {
  const big = '12345678901234567890123456789012345678';
  await wrapped.send(new PutCommand({
    TableName: table,
    Item: { id: 'big', n: NumberValue.from('2'), big: NumberValue.from(big), padded: NumberValue.from('00012.50'),
      skipped: undefined },
  }));
  const { Item } = await wrapped.send(new GetCommand({ TableName: table, Key: { id: 'big', n: 2 } }));
  assert.ok(Item.big instanceof NumberValue);
  assert.equal(Item.big.toString(), big);
  assert.equal(Item.padded.toString(), '12.5');
  assert.equal('skipped' in Item, false);
  // Without wrapNumbers an integer past 2^53 comes back as a BigInt, and a
  // BigInt goes in as the exact number.
  const plain = await ctx.doc.send(new GetCommand({ TableName: table, Key: { id: 'big', n: 2 } }));
  assert.equal(plain.Item.big, BigInt(big));
  await ctx.doc.send(new PutCommand({ TableName: table, Item: { id: 'big', n: 3, big: -(2n ** 100n) } }));
  const fromBigInt = await wrapped.send(new GetCommand({ TableName: table, Key: { id: 'big', n: 3 } }));
  assert.equal(fromBigInt.Item.big.toString(), (-(2n ** 100n)).toString());
});

test('UpdateCommand: SET with if_not_exists, list_append, ADD to a number and a set, REMOVE, ALL_NEW', async () => {
  const Key = { id: 'upd', n: 1 };
  await ctx.doc.send(new PutCommand({ TableName: table, Item: { ...Key, tags: new Set(['a']), gone: 'x' } }));
  const { Attributes } = await ctx.doc.send(new UpdateCommand({
    TableName: table,
    Key,
    UpdateExpression: 'SET hits = if_not_exists(hits, :zero) + :one, events = list_append(if_not_exists(events, :empty), :ev) ' +
      'ADD tags :more, visits :five REMOVE gone',
    ExpressionAttributeValues: { ':zero': 0, ':one': 1, ':empty': [], ':ev': ['created'], ':more': new Set(['b', 'c']), ':five': 5 },
    ReturnValues: 'ALL_NEW',
  }));
  assert.equal(Attributes.hits, 1);
  assert.deepEqual(Attributes.events, ['created']);
  assert.deepEqual([...Attributes.tags].sort(), ['a', 'b', 'c']);
  assert.equal(Attributes.visits, 5);
  assert.equal('gone' in Attributes, false);

  const err = await rejection(ctx.doc.send(new UpdateCommand({
    TableName: table, Key, UpdateExpression: 'SET hits = :v', ConditionExpression: 'hits > :v',
    ExpressionAttributeValues: { ':v': 10 },
  })));
  assert.equal(err.name, 'ConditionalCheckFailedException');

  const { Attributes: old } = await ctx.doc.send(new DeleteCommand({ TableName: table, Key, ReturnValues: 'ALL_OLD' }));
  assert.equal(old.hits, 1);
});

test('BatchWriteCommand and BatchGetCommand move native items', async () => {
  const items = Array.from({ length: 25 }, (_, i) => ({ id: 'batch', n: i, label: `item ${i}`, flags: new Set([i, i + 100]) }));
  const { UnprocessedItems } = await ctx.doc.send(new BatchWriteCommand({
    RequestItems: { [table]: items.map((Item) => ({ PutRequest: { Item } })) },
  }));
  assert.deepEqual(UnprocessedItems, {});
  const { Responses, UnprocessedKeys } = await ctx.doc.send(new BatchGetCommand({
    RequestItems: { [table]: { Keys: [{ id: 'batch', n: 3 }, { id: 'batch', n: 24 }, { id: 'batch', n: 99 }] } },
  }));
  assert.deepEqual(UnprocessedKeys, {});
  const got = Responses[table].sort((a, b) => a.n - b.n);
  assert.deepEqual(got.map((item) => item.label), ['item 3', 'item 24']);
  assert.deepEqual([...got[1].flags].sort((a, b) => a - b), [24, 124]);
});

test('the document paginators page through a query and a scan', async () => {
  const numbers = [];
  for await (const page of paginateQuery({ client: ctx.doc, pageSize: 4 }, {
    TableName: table,
    KeyConditionExpression: 'id = :id AND n BETWEEN :lo AND :hi',
    ExpressionAttributeValues: { ':id': 'batch', ':lo': 5, ':hi': 17 },
    ScanIndexForward: false,
  })) {
    assert.ok(page.Items.length <= 4);
    numbers.push(...page.Items.map((item) => item.n));
  }
  assert.deepEqual(numbers, [17, 16, 15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5]);

  let count = 0;
  for await (const page of paginateScan({ client: ctx.doc, pageSize: 6 }, {
    TableName: table, FilterExpression: 'id = :id AND contains(flags, :f)', ExpressionAttributeValues: { ':id': 'batch', ':f': 110 },
  })) {
    count += page.Count;
  }
  assert.equal(count, 1);

  const { Count } = await ctx.doc.send(new QueryCommand({
    TableName: table, KeyConditionExpression: 'id = :id', ExpressionAttributeValues: { ':id': 'batch' }, Select: 'COUNT',
  }));
  assert.equal(Count, 25);
});

test('TransactWriteCommand: native values, a condition check, and the cancellation reasons', async () => {
  await ctx.doc.send(new TransactWriteCommand({
    TransactItems: [
      { Put: { TableName: table, Item: { id: 'tx', n: 1, owner: 'ann' }, ConditionExpression: 'attribute_not_exists(id)' } },
      { Put: { TableName: table, Item: { id: 'tx', n: 2, owner: 'bob' } } },
    ],
  }));
  const err = await rejection(ctx.doc.send(new TransactWriteCommand({
    TransactItems: [
      { ConditionCheck: { TableName: table, Key: { id: 'tx', n: 2 }, ConditionExpression: '#o = :who',
        ExpressionAttributeNames: { '#o': 'owner' }, ExpressionAttributeValues: { ':who': 'ann' } } },
      { Delete: { TableName: table, Key: { id: 'tx', n: 1 } } },
    ],
  })));
  assert.equal(err.name, 'TransactionCanceledException');
  assert.deepEqual(err.CancellationReasons.map((r) => r.Code), ['ConditionalCheckFailed', 'None']);
  const { Item } = await ctx.doc.send(new GetCommand({ TableName: table, Key: { id: 'tx', n: 1 } }));
  assert.equal(Item.owner, 'ann');
});
