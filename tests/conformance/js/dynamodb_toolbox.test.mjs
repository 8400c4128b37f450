// dynamodb-toolbox v2 on a single table: one entity whose keys are schema
// attributes with prefix transforms (saved as PK/SK), one whose keys come from
// computeKey, a GSI filled by a linked attribute; put, get, update (with
// $add/$append), query by partition and sort-key range, query of the index,
// conditions, and a transaction through the library.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { GetItemCommand as RawGetItemCommand } from '@aws-sdk/client-dynamodb';
import {
  $add,
  $append,
  DeleteItemCommand,
  Entity,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  Table,
  UpdateItemCommand,
  PutTransaction,
  ConditionCheck,
  executeTransactWrite,
  isConditionCheckFailed,
  item,
  list,
  number,
  prefix,
  set,
  string,
} from 'dynamodb-toolbox';
import { setUp, createTable, rejection } from './harness.mjs';

let ctx;
let tableName;
let AppTable;
let Users; // keys: orgId -> PK "ORG#<orgId>", userId -> SK "USER#<userId>"
let Orders; // keys computed: PK "ORG#<orgId>", SK "ORDER#<day>#<orderId>"

before(async () => {
  ctx = await setUp();
  tableName = await createTable(ctx, {
    AttributeDefinitions: [
      { AttributeName: 'PK', AttributeType: 'S' },
      { AttributeName: 'SK', AttributeType: 'S' },
      { AttributeName: 'GSI1PK', AttributeType: 'S' },
      { AttributeName: 'GSI1SK', AttributeType: 'S' },
    ],
    KeySchema: [{ AttributeName: 'PK', KeyType: 'HASH' }, { AttributeName: 'SK', KeyType: 'RANGE' }],
    GlobalSecondaryIndexes: [{
      IndexName: 'GSI1',
      KeySchema: [{ AttributeName: 'GSI1PK', KeyType: 'HASH' }, { AttributeName: 'GSI1SK', KeyType: 'RANGE' }],
      Projection: { ProjectionType: 'ALL' },
    }],
  });
  AppTable = new Table({
    name: tableName,
    documentClient: ctx.doc,
    partitionKey: { name: 'PK', type: 'string' },
    sortKey: { name: 'SK', type: 'string' },
    indexes: {
      GSI1: { type: 'global', partitionKey: { name: 'GSI1PK', type: 'string' }, sortKey: { name: 'GSI1SK', type: 'string' } },
    },
  });
  Users = new Entity({
    name: 'User',
    table: AppTable,
    schema: item({
      orgId: string().key().transform(prefix('ORG')).savedAs('PK'),
      userId: string().key().transform(prefix('USER')).savedAs('SK'),
      email: string(),
      name: string(),
      logins: number().default(0),
      roles: set(string()).optional(),
      history: list(string()).default(() => []),
    }).and((schema) => ({
      // The email index: GSI1PK/GSI1SK derived from other attributes on writes.
      gsi1pk: string().link(({ email }) => `EMAIL#${email}`).savedAs('GSI1PK'),
      gsi1sk: string().link(({ orgId }) => `ORG#${orgId}`).savedAs('GSI1SK'),
    })),
  });
  Orders = new Entity({
    name: 'Order',
    table: AppTable,
    schema: item({
      orgId: string().key(),
      day: string().key(),
      orderId: string().key(),
      total: number(),
    }),
    computeKey: ({ orgId, day, orderId }) => ({ PK: `ORG#${orgId}`, SK: `ORDER#${day}#${orderId}` }),
  });
});

after(async () => {
  await ctx?.tearDown();
});

test('put writes the transformed keys, get reads them back decoded', async () => {
  await Users.build(PutItemCommand).item({ orgId: 'acme', userId: 'u1', email: 'ann@acme.test', name: 'Ann' }).send();
  const raw = (await ctx.client.send(new RawGetItemCommand({
    TableName: tableName, Key: { PK: { S: 'ORG#acme' }, SK: { S: 'USER#u1' } },
  }))).Item;
  assert.ok(raw, 'the item is stored under the prefixed keys');
  assert.deepEqual(raw.GSI1PK, { S: 'EMAIL#ann@acme.test' });
  assert.deepEqual(raw.GSI1SK, { S: 'ORG#acme' });
  assert.deepEqual(raw._et, { S: 'User' });
  assert.ok(raw._ct?.S && raw._md?.S, 'timestamps are written');

  const { Item } = await Users.build(GetItemCommand).key({ orgId: 'acme', userId: 'u1' }).send();
  assert.equal(Item.orgId, 'acme');
  assert.equal(Item.userId, 'u1');
  assert.equal(Item.name, 'Ann');
  assert.equal(Item.logins, 0);
  assert.deepEqual(Item.history, []);
});

test('update with $add and $append, a condition, and ALL_NEW values', async () => {
  const key = { orgId: 'acme', userId: 'u1' };
  const { Attributes } = await Users.build(UpdateItemCommand)
    .item({ ...key, logins: $add(2), history: $append(['login']), roles: $add(new Set(['admin'])) })
    .options({ returnValues: 'ALL_NEW', condition: { attr: 'name', eq: 'Ann' } })
    .send();
  assert.equal(Attributes.logins, 2);
  assert.deepEqual(Attributes.history, ['login']);
  assert.deepEqual([...Attributes.roles], ['admin']);

  const err = await rejection(Users.build(UpdateItemCommand)
    .item({ ...key, logins: $add(1) })
    .options({ condition: { attr: 'logins', gt: 100 } })
    .send());
  assert.equal(err.name, 'ConditionalCheckFailedException');
  assert.ok(isConditionCheckFailed(err));
});

test('a table query by partition and sort-key prefix returns each entity formatted', async () => {
  await Users.build(PutItemCommand).item({ orgId: 'q', userId: 'u2', email: 'bob@q.test', name: 'Bob' }).send();
  for (const [day, orderId, total] of [['2024-01-02', 'o1', 10], ['2024-01-03', 'o2', 25], ['2024-02-01', 'o3', 5]]) {
    await Orders.build(PutItemCommand).item({ orgId: 'q', day, orderId, total }).send();
  }
  const january = await AppTable.build(QueryCommand)
    .query({ partition: 'ORG#q', range: { beginsWith: 'ORDER#2024-01' } })
    .entities(Orders)
    .send();
  assert.deepEqual(january.Items.map((o) => [o.orderId, o.total]), [['o1', 10], ['o2', 25]]);
  assert.equal(january.Items[0].day, '2024-01-02');

  const everything = await AppTable.build(QueryCommand)
    .query({ partition: 'ORG#q' })
    .entities(Users, Orders)
    .options({ reverse: true, maxPages: Infinity, limit: 1 })
    .send();
  assert.deepEqual(everything.Items.map((i) => i.userId ?? i.orderId), ['u2', 'o3', 'o2', 'o1']);
});

test('a GSI query finds a user by email through the linked attributes', async () => {
  const { Items } = await AppTable.build(QueryCommand)
    .query({ index: 'GSI1', partition: 'EMAIL#bob@q.test' })
    .entities(Users)
    .send();
  assert.equal(Items.length, 1);
  assert.equal(Items[0].name, 'Bob');
  assert.equal(Items[0].orgId, 'q');
});

test('a transaction through the library: put with a check, cancelled when the check fails', async () => {
  await executeTransactWrite(
    Orders.build(PutTransaction).item({ orgId: 'tx', day: '2024-03-01', orderId: 'o9', total: 1 }),
    Users.build(PutTransaction).item({ orgId: 'tx', userId: 'u9', email: 'tx@t.test', name: 'Tess' }),
  );
  const err = await rejection(executeTransactWrite(
    Users.build(ConditionCheck).key({ orgId: 'tx', userId: 'u9' }).condition({ attr: 'name', eq: 'Someone else' }),
    Orders.build(PutTransaction).item({ orgId: 'tx', day: '2024-03-02', orderId: 'o10', total: 2 }),
  ));
  assert.equal(err.name, 'TransactionCanceledException');
  assert.deepEqual(err.CancellationReasons.map((r) => r.Code), ['ConditionalCheckFailed', 'None']);
  const { Item } = await Orders.build(GetItemCommand).key({ orgId: 'tx', day: '2024-03-02', orderId: 'o10' }).send();
  assert.equal(Item, undefined);
  await Orders.build(DeleteItemCommand).key({ orgId: 'tx', day: '2024-03-01', orderId: 'o9' }).send();
  const gone = await Orders.build(GetItemCommand).key({ orgId: 'tx', day: '2024-03-01', orderId: 'o9' }).send();
  assert.equal(gone.Item, undefined);
});
