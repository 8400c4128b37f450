// ElectroDB on a single table: a Service of two entities that share a
// partition (collection "workplace" on the table's keys) and an index
// (collection "assignments" on GSI2), as its single-table guides design them.
// create/get/patch/query/batch/delete per entity, collection queries across
// entities, pagination with cursors, filters, and DynamoDB errors surfacing
// through ElectroError.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { Entity, Service } from 'electrodb';
import { setUp, createTable, rejection } from './harness.mjs';

let ctx;
let app;

function keyIndex(name, pk, sk) {
  return {
    IndexName: name,
    KeySchema: [{ AttributeName: pk, KeyType: 'HASH' }, { AttributeName: sk, KeyType: 'RANGE' }],
    Projection: { ProjectionType: 'ALL' },
  };
}

before(async () => {
  ctx = await setUp();
  const table = await createTable(ctx, {
    AttributeDefinitions: ['pk', 'sk', 'gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk']
      .map((AttributeName) => ({ AttributeName, AttributeType: 'S' })),
    KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }, { AttributeName: 'sk', KeyType: 'RANGE' }],
    GlobalSecondaryIndexes: [keyIndex('gsi1', 'gsi1pk', 'gsi1sk'), keyIndex('gsi2', 'gsi2pk', 'gsi2sk')],
  });
  const employee = new Entity({
    model: { entity: 'employee', version: '1', service: 'taskapp' },
    attributes: {
      team: { type: 'string', required: true },
      employeeId: { type: 'string', required: true },
      name: { type: 'string', required: true },
      role: { type: ['dev', 'manager'], required: true },
      skills: { type: 'set', items: 'string' },
      level: { type: 'number', default: 1 },
    },
    indexes: {
      records: {
        collection: 'workplace',
        pk: { field: 'pk', composite: ['team'] },
        sk: { field: 'sk', composite: ['employeeId'] },
      },
      byRole: {
        index: 'gsi1',
        pk: { field: 'gsi1pk', composite: ['role'] },
        sk: { field: 'gsi1sk', composite: ['name'] },
      },
      assigned: {
        index: 'gsi2',
        collection: 'assignments',
        pk: { field: 'gsi2pk', composite: ['employeeId'] },
        sk: { field: 'gsi2sk', composite: [] },
      },
    },
  }, { table, client: ctx.doc });
  const task = new Entity({
    model: { entity: 'task', version: '1', service: 'taskapp' },
    attributes: {
      team: { type: 'string', required: true },
      taskId: { type: 'string', required: true },
      employeeId: { type: 'string', required: true }, // the owner
      status: { type: ['open', 'done'], default: 'open' },
      points: { type: 'number', default: 0 },
      comments: { type: 'list', items: { type: 'map', properties: { user: { type: 'string' }, body: { type: 'string' } } } },
    },
    indexes: {
      records: {
        collection: 'workplace',
        pk: { field: 'pk', composite: ['team'] },
        sk: { field: 'sk', composite: ['taskId'] },
      },
      byOwner: {
        index: 'gsi2',
        collection: 'assignments',
        pk: { field: 'gsi2pk', composite: ['employeeId'] },
        sk: { field: 'gsi2sk', composite: ['status', 'taskId'] },
      },
    },
  }, { table, client: ctx.doc });
  app = new Service({ employee, task });
  ctx.table = table;

  await app.entities.employee.put([
    { team: 'core', employeeId: 'e1', name: 'Ann', role: 'manager', skills: ['go', 'cpp'] },
    { team: 'core', employeeId: 'e2', name: 'Bob', role: 'dev' },
    { team: 'web', employeeId: 'e3', name: 'Cid', role: 'dev' },
  ]).go();
  for (let i = 1; i <= 12; i++) {
    await app.entities.task.create({
      team: i % 3 ? 'core' : 'web', taskId: `t${String(i).padStart(2, '0')}`, employeeId: i % 2 ? 'e1' : 'e2',
      status: i % 4 ? 'open' : 'done', points: i,
    }).go();
  }
});

after(async () => {
  await ctx?.tearDown();
});

test('the items carry ElectroDB\'s keys and identifiers', async () => {
  const { Items } = await ctx.client.send(new ScanCommand({ TableName: ctx.table }));
  assert.equal(Items.length, 15);
  const ann = Items.find((i) => i.__edb_e__?.S === 'employee' && i.name?.S === 'Ann');
  assert.equal(ann.pk.S, '$taskapp#team_core');
  assert.equal(ann.sk.S, '$workplace#employee_1#employeeid_e1');
  assert.equal(ann.gsi1pk.S, '$taskapp#role_manager');
  assert.equal(ann.__edb_v__.S, '1');
  assert.deepEqual([...ann.skills.SS].sort(), ['cpp', 'go']);
});

test('get, patch with set/add/append, and a where clause that refuses the write', async () => {
  const { data: bob } = await app.entities.employee.get({ team: 'core', employeeId: 'e2' }).go();
  assert.equal(bob.name, 'Bob');
  assert.equal(bob.level, 1);

  const { data: patched } = await app.entities.task.patch({ team: 'core', taskId: 't01' })
    .set({ status: 'done' })
    .add({ points: 5 })
    .append({ comments: [{ user: 'ann', body: 'shipped' }] })
    .go({ response: 'all_new' });
  assert.equal(patched.status, 'done');
  assert.equal(patched.points, 6);

  const err = await rejection(app.entities.task.patch({ team: 'core', taskId: 't01' })
    .set({ points: 0 })
    .where(({ status }, { eq }) => eq(status, 'open'))
    .go());
  assert.equal(err.name, 'ElectroError');
  assert.equal(err.cause?.name, 'ConditionalCheckFailedException');

  const missing = await rejection(app.entities.task.patch({ team: 'core', taskId: 'nope' }).set({ points: 1 }).go());
  assert.equal(missing.cause?.name, 'ConditionalCheckFailedException'); // patch requires the item to exist
});

test('create refuses a duplicate through DynamoDB\'s condition', async () => {
  const err = await rejection(app.entities.employee.create({ team: 'core', employeeId: 'e1', name: 'Again', role: 'dev' }).go());
  assert.equal(err.cause?.name, 'ConditionalCheckFailedException');
  const { data } = await app.entities.employee.get({ team: 'core', employeeId: 'e1' }).go();
  assert.equal(data.name, 'Ann');
});

test('entity queries: sort-key composites, index queries, filters, cursors', async () => {
  const { data: web } = await app.entities.task.query.records({ team: 'web' }).go();
  assert.deepEqual(web.map((t) => t.taskId), ['t03', 't06', 't09', 't12']);

  const { data: devs } = await app.entities.employee.query.byRole({ role: 'dev' }).go();
  assert.deepEqual(devs.map((e) => e.name), ['Bob', 'Cid']);

  const { data: openForE2 } = await app.entities.task.query.byOwner({ employeeId: 'e2', status: 'open' }).go();
  assert.deepEqual(openForE2.map((t) => t.taskId), ['t02', 't06', 't10']);

  const { data: big } = await app.entities.task.query.records({ team: 'core' })
    .where(({ points }, { gte }) => gte(points, 7))
    .go();
  assert.deepEqual(big.map((t) => t.taskId), ['t07', 't08', 't10', 't11']);

  const ids = [];
  let cursor = null;
  let pages = 0;
  do {
    const page = await app.entities.task.query.records({ team: 'core' }).go({ cursor, limit: 3 });
    ids.push(...page.data.map((t) => t.taskId));
    cursor = page.cursor;
    pages++;
  } while (cursor && pages < 10);
  assert.deepEqual(ids, ['t01', 't02', 't04', 't05', 't07', 't08', 't10', 't11']);
  assert.ok(pages >= 3);
});

test('a collection query returns both entities of the shared partition', async () => {
  const { data } = await app.collections.workplace({ team: 'core' }).go({ pages: 'all' });
  assert.deepEqual(data.employee.map((e) => e.employeeId), ['e1', 'e2']);
  assert.deepEqual(data.task.map((t) => t.taskId), ['t01', 't02', 't04', 't05', 't07', 't08', 't10', 't11']);
});

test('a collection query on the index gathers an employee with the tasks they own', async () => {
  const { data } = await app.collections.assignments({ employeeId: 'e1' }).go({ pages: 'all' });
  assert.deepEqual(data.employee.map((e) => e.name), ['Ann']);
  assert.deepEqual(data.task.map((t) => t.taskId).sort(), ['t01', 't03', 't05', 't07', 't09', 't11']);
  assert.ok(data.task.every((t) => t.employeeId === 'e1'));
});

test('batch get and delete', async () => {
  const { data, unprocessed } = await app.entities.employee.get([
    { team: 'core', employeeId: 'e1' }, { team: 'web', employeeId: 'e3' }, { team: 'web', employeeId: 'none' },
  ]).go();
  assert.deepEqual(unprocessed, []);
  assert.deepEqual(data.map((e) => e.name).sort(), ['Ann', 'Cid']);
  await app.entities.employee.delete({ team: 'web', employeeId: 'e3' }).go();
  const after = await app.entities.employee.get({ team: 'web', employeeId: 'e3' }).go();
  assert.equal(after.data, null);
});
