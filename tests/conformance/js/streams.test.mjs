// DynamoDB Streams through @aws-sdk/client-dynamodb-streams: a table created
// with a stream, writes through the DocumentClient, then ListStreams,
// DescribeStream, GetShardIterator and GetRecords as a stream consumer (a
// Lambda-like poller) reads them, the images unmarshalled with util-dynamodb.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  GetRecordsCommand,
  GetShardIteratorCommand,
  ListStreamsCommand,
  ResourceNotFoundException,
} from '@aws-sdk/client-dynamodb-streams';
import { DeleteCommand, PutCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { setUp, createTable, rejection } from './harness.mjs';

let ctx;

before(async () => {
  ctx = await setUp();
});

after(async () => {
  await ctx?.tearDown();
});

async function streamTable(viewType) {
  const name = await createTable(ctx, {
    AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
    KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
    StreamSpecification: { StreamEnabled: true, StreamViewType: viewType },
  });
  const { Table } = await ctx.client.send(new DescribeTableCommand({ TableName: name }));
  return { name, arn: Table.LatestStreamArn };
}

// Every record of the stream's first shard, from TRIM_HORIZON to an empty page.
async function readAll(arn) {
  const { StreamDescription } = await ctx.streams.send(new DescribeStreamCommand({ StreamArn: arn }));
  assert.ok(StreamDescription.Shards.length >= 1);
  const { ShardIterator } = await ctx.streams.send(new GetShardIteratorCommand({
    StreamArn: arn, ShardId: StreamDescription.Shards[0].ShardId, ShardIteratorType: 'TRIM_HORIZON',
  }));
  const records = [];
  let iterator = ShardIterator;
  for (let polls = 0; iterator && polls < 50; polls++) {
    const page = await ctx.streams.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 2 }));
    records.push(...page.Records);
    if (page.Records.length === 0) break;
    iterator = page.NextShardIterator;
  }
  return records;
}

test('ListStreams and DescribeStream describe the table\'s stream', async () => {
  const { name, arn } = await streamTable('NEW_AND_OLD_IMAGES');
  const { Streams } = await ctx.streams.send(new ListStreamsCommand({ TableName: name }));
  assert.equal(Streams.length, 1);
  assert.equal(Streams[0].StreamArn, arn);
  assert.equal(Streams[0].TableName, name);
  const { StreamDescription } = await ctx.streams.send(new DescribeStreamCommand({ StreamArn: arn }));
  assert.equal(StreamDescription.StreamStatus, 'ENABLED');
  assert.equal(StreamDescription.StreamViewType, 'NEW_AND_OLD_IMAGES');
  assert.equal(StreamDescription.TableName, name);
  assert.deepEqual(StreamDescription.KeySchema, [{ AttributeName: 'pk', KeyType: 'HASH' }]);
});

test('each write is one record with the images, in order', async () => {
  const { name, arn } = await streamTable('NEW_AND_OLD_IMAGES');
  await ctx.doc.send(new PutCommand({ TableName: name, Item: { pk: 'a', v: 1, tags: new Set(['x']) } }));
  await ctx.doc.send(new UpdateCommand({
    TableName: name, Key: { pk: 'a' }, UpdateExpression: 'SET v = v + :one', ExpressionAttributeValues: { ':one': 1 },
  }));
  await ctx.doc.send(new TransactWriteCommand({ TransactItems: [{ Put: { TableName: name, Item: { pk: 'b', v: 10 } } }] }));
  await ctx.doc.send(new DeleteCommand({ TableName: name, Key: { pk: 'a' } }));

  const records = await readAll(arn);
  assert.deepEqual(records.map((r) => r.eventName), ['INSERT', 'MODIFY', 'INSERT', 'REMOVE']);
  for (const r of records) {
    assert.equal(r.eventSource, 'aws:dynamodb');
    assert.equal(r.dynamodb.StreamViewType, 'NEW_AND_OLD_IMAGES');
  }
  const sequence = records.map((r) => BigInt(r.dynamodb.SequenceNumber));
  for (let i = 1; i < sequence.length; i++) assert.ok(sequence[i] > sequence[i - 1], 'sequence numbers increase');

  const [insert, modify, other, remove] = records;
  assert.deepEqual(unmarshall(insert.dynamodb.Keys), { pk: 'a' });
  assert.equal(insert.dynamodb.OldImage, undefined);
  const inserted = unmarshall(insert.dynamodb.NewImage);
  assert.equal(inserted.v, 1);
  assert.deepEqual([...inserted.tags], ['x']);
  assert.equal(unmarshall(modify.dynamodb.OldImage).v, 1);
  assert.equal(unmarshall(modify.dynamodb.NewImage).v, 2);
  assert.deepEqual(unmarshall(other.dynamodb.NewImage), { pk: 'b', v: 10 });
  assert.equal(unmarshall(remove.dynamodb.OldImage).v, 2);
  assert.equal(remove.dynamodb.NewImage, undefined);
});

test('a KEYS_ONLY stream carries keys and no images', async () => {
  const { name, arn } = await streamTable('KEYS_ONLY');
  await ctx.doc.send(new PutCommand({ TableName: name, Item: { pk: 'k', secret: 's' } }));
  const [record] = await readAll(arn);
  assert.deepEqual(unmarshall(record.dynamodb.Keys), { pk: 'k' });
  assert.equal(record.dynamodb.NewImage, undefined);
  assert.equal(record.dynamodb.OldImage, undefined);
});

test('an unknown stream is a ResourceNotFoundException of the streams client', async () => {
  const { arn } = await streamTable('NEW_IMAGE');
  const missing = arn.replace(/stream\/[^/]+$/, 'stream/2000-01-01T00:00:00.000');
  const err = await rejection(ctx.streams.send(new DescribeStreamCommand({ StreamArn: missing })));
  assert.ok(err instanceof ResourceNotFoundException, `got ${err.name}: ${err.message}`);
});
