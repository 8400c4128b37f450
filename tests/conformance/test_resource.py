"""boto3's resource layer as applications use it: `Table` objects from
create_table and Table(name) (load, attributes, wait_until_exists /
wait_until_not_exists), items with Python types (Decimal, sets, Binary,
nested values), boto3.dynamodb.conditions Key and Attr in queries, scans,
filters and conditions, the client's paginators with TypeDeserializer,
batch_writer(overwrite_by_pkeys=...), resource.batch_get_item, the
resource's table collection, errors through client.exceptions, and the
dynamodbstreams client reading what the resource wrote."""

import unittest
from decimal import Decimal

from boto3.dynamodb.conditions import Attr, Key
from boto3.dynamodb.types import Binary, TypeDeserializer
from botocore.exceptions import ClientError

from harness import DynamoTestCase, client_config, make_resource, make_session, unique_name


class ResourceTest(DynamoTestCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.resource = make_resource(cls.endpoint)
        cls.name = unique_name("res")
        cls.table = cls.resource.create_table(
            TableName=cls.name,
            AttributeDefinitions=[
                {"AttributeName": "user", "AttributeType": "S"},
                {"AttributeName": "ts", "AttributeType": "N"},
                {"AttributeName": "kind", "AttributeType": "S"},
            ],
            KeySchema=[{"AttributeName": "user", "KeyType": "HASH"}, {"AttributeName": "ts", "KeyType": "RANGE"}],
            GlobalSecondaryIndexes=[{
                "IndexName": "byKind",
                "KeySchema": [{"AttributeName": "kind", "KeyType": "HASH"}, {"AttributeName": "ts", "KeyType": "RANGE"}],
                "Projection": {"ProjectionType": "INCLUDE", "NonKeyAttributes": ["score"]},
            }],
            BillingMode="PAY_PER_REQUEST",
            StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"},
        )
        cls._tables.append(cls.name)
        cls.table.wait_until_exists()
        with cls.table.batch_writer() as writer:
            for i in range(60):
                writer.put_item(Item={
                    "user": "u%d" % (i % 3), "ts": 1000 + i, "kind": "click" if i % 2 else "view",
                    "score": Decimal(i) / 4, "tags": {"t%d" % (i % 5), "all"},
                })

    def test_table_attributes_after_load(self):
        table = self.resource.Table(self.name)
        table.load()
        self.assertEqual(table.table_status, "ACTIVE")
        self.assertEqual(table.key_schema, [{"AttributeName": "user", "KeyType": "HASH"},
                                            {"AttributeName": "ts", "KeyType": "RANGE"}])
        self.assertEqual([i["IndexName"] for i in table.global_secondary_indexes], ["byKind"])
        self.assertEqual(table.billing_mode_summary["BillingMode"], "PAY_PER_REQUEST")
        self.assertTrue(table.latest_stream_arn.startswith(table.table_arn + "/stream/"))

    def test_python_types_round_trip(self):
        item = {
            "user": "types", "ts": Decimal("1.5"),
            "big": Decimal("12345678901234567890123456789012345678"),
            "small": Decimal("-0.000001"),
            "flag": False, "nothing": None,
            "blob": Binary(b"\x00\xffdata"),
            "names": {"a", "b"}, "numbers": {Decimal(1), Decimal("2.5")}, "blobs": {Binary(b"x"), Binary(b"y")},
            "nested": {"list": [Decimal(1), "two", {"three": [Decimal(3)]}], "empty": {}},
        }
        self.table.put_item(Item=item)
        got = self.table.get_item(Key={"user": "types", "ts": Decimal("1.5")}, ConsistentRead=True)["Item"]
        self.assertEqual(got, item)
        self.assertIsInstance(got["blob"], Binary)
        self.assertEqual(got["blob"].value, b"\x00\xffdata")

    def test_query_with_key_conditions(self):
        resp = self.table.query(KeyConditionExpression=Key("user").eq("u1") & Key("ts").between(1010, 1020))
        self.assertEqual([int(i["ts"]) for i in resp["Items"]], [1010, 1013, 1016, 1019])
        resp = self.table.query(KeyConditionExpression=Key("user").eq("u2") & Key("ts").gte(1050),
                                ScanIndexForward=False, Limit=2)
        self.assertEqual([int(i["ts"]) for i in resp["Items"]], [1059, 1056])
        self.assertEqual(resp["LastEvaluatedKey"], {"user": "u2", "ts": Decimal(1056)})

    def test_query_filter_with_attr_conditions(self):
        resp = self.table.query(
            KeyConditionExpression=Key("user").eq("u0"),
            FilterExpression=Attr("score").gt(10) & Attr("tags").contains("t0") & Attr("kind").is_in(["view", "x"]))
        # u0 holds i = 0, 3, ..., 57; score i/4 > 10 means i > 40; t0 means i % 5 == 0; view means even i.
        self.assertEqual([int(i["ts"]) - 1000 for i in resp["Items"]], [])
        resp = self.table.query(
            KeyConditionExpression=Key("user").eq("u0"),
            FilterExpression=(Attr("score").lte(3) | Attr("score").gte(13)) & Attr("kind").is_in(["view", "x"]))
        self.assertEqual([int(i["ts"]) - 1000 for i in resp["Items"]], [0, 6, 12, 54])
        resp = self.table.query(
            KeyConditionExpression=Key("user").eq("u0"),
            FilterExpression=Attr("score").gt(10) & Attr("tags").contains("t0"))
        self.assertEqual([int(i["ts"]) - 1000 for i in resp["Items"]], [45])
        self.assertEqual(resp["ScannedCount"], 20)
        resp = self.table.query(KeyConditionExpression=Key("user").eq("u1"),
                                FilterExpression=Attr("tags").size().eq(2) & Attr("missing").not_exists(),
                                Select="COUNT")
        self.assertEqual(resp["Count"], 20)

    def test_query_on_the_index_projects_what_it_includes(self):
        resp = self.table.query(IndexName="byKind", KeyConditionExpression=Key("kind").eq("click") & Key("ts").lt(1006))
        self.assertEqual([int(i["ts"]) for i in resp["Items"]], [1001, 1003, 1005])
        self.assertEqual(set(resp["Items"][0]), {"user", "ts", "kind", "score"})

    def test_scan_with_attr_and_manual_paging(self):
        seen, start = [], None
        while True:
            kw = {"ExclusiveStartKey": start} if start else {}
            page = self.table.scan(FilterExpression=Attr("kind").eq("view") & Attr("score").lt(5), Limit=7, **kw)
            seen.extend(int(i["ts"]) for i in page["Items"])
            start = page.get("LastEvaluatedKey")
            if not start:
                break
        self.assertEqual(sorted(seen), [1000 + i for i in range(0, 20, 2)])

    def test_client_paginators_with_the_type_deserializer(self):
        # The plain client: the resource's meta.client serializes Python values itself.
        client = self.ddb
        deserialize = TypeDeserializer().deserialize
        pages = client.get_paginator("query").paginate(
            TableName=self.name, KeyConditionExpression="#u = :u", ExpressionAttributeNames={"#u": "user"},
            ExpressionAttributeValues={":u": {"S": "u0"}}, PaginationConfig={"PageSize": 6})
        items = [{k: deserialize(v) for k, v in item.items()} for page in pages for item in page["Items"]]
        self.assertEqual([int(i["ts"]) for i in items], list(range(1000, 1060, 3)))
        total = sum(page["Count"] for page in client.get_paginator("scan").paginate(
            TableName=self.name, PaginationConfig={"PageSize": 11}))
        self.assertGreaterEqual(total, 60)
        built = client.get_paginator("query").paginate(
            TableName=self.name, KeyConditionExpression="#u = :u", ExpressionAttributeNames={"#u": "user"},
            ExpressionAttributeValues={":u": {"S": "u1"}}, PaginationConfig={"MaxItems": 5, "PageSize": 2}).build_full_result()
        self.assertEqual(len(built["Items"]), 5)

    def test_conditions_and_updates_through_the_resource(self):
        self.table.put_item(Item={"user": "cond", "ts": 1, "v": 1})
        errors = self.table.meta.client.exceptions
        with self.assertRaises(errors.ConditionalCheckFailedException) as cm:
            self.table.put_item(Item={"user": "cond", "ts": 1, "v": 2}, ConditionExpression=Attr("user").not_exists())
        self.assertEqual(cm.exception.response["Error"]["Message"], "The conditional request failed")
        resp = self.table.update_item(
            Key={"user": "cond", "ts": 1},
            UpdateExpression="SET v = v + :inc, note = :n ADD seen :s",
            ConditionExpression=Attr("v").eq(1),
            ExpressionAttributeValues={":inc": 2, ":n": "updated", ":s": {"x"}},
            ReturnValues="UPDATED_NEW")
        self.assertEqual(resp["Attributes"], {"v": Decimal(3), "note": "updated", "seen": {"x"}})
        deleted = self.table.delete_item(Key={"user": "cond", "ts": 1}, ReturnValues="ALL_OLD")["Attributes"]
        self.assertEqual(deleted["v"], 3)

    def test_batch_writer_overwrite_by_pkeys_and_batch_get(self):
        with self.table.batch_writer(overwrite_by_pkeys=["user", "ts"]) as writer:
            for round_ in range(2):
                for i in range(30):
                    writer.put_item(Item={"user": "bw", "ts": i, "round": round_})
        keys = [{"user": "bw", "ts": i} for i in range(30)]
        resp = self.resource.batch_get_item(RequestItems={self.name: {"Keys": keys, "ConsistentRead": True}})
        self.assertEqual(resp["UnprocessedKeys"], {})
        got = sorted(resp["Responses"][self.name], key=lambda i: i["ts"])
        self.assertEqual([(int(i["ts"]), int(i["round"])) for i in got], [(i, 1) for i in range(30)])

    def test_table_collection_and_waiters(self):
        name = unique_name("wait")
        table = self.resource.create_table(
            TableName=name, AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
            KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}], BillingMode="PAY_PER_REQUEST")
        self._tables.append(name)
        table.wait_until_exists()
        self.assertIn(name, [t.name for t in self.resource.tables.all()])
        self.assertIn(name, [t.name for t in self.resource.tables.page_size(1)])
        table.delete()
        table.wait_until_not_exists()
        with self.assertRaises(ClientError) as cm:
            self.resource.Table(name).load()
        self.assertEqual(cm.exception.response["Error"]["Code"], "ResourceNotFoundException")
        self.assertEqual(cm.exception.response["Error"]["Message"],
                         "Requested resource not found: Table: %s not found" % name)

    def test_streams_client_reads_the_resource_writes(self):
        name = unique_name("resstr")
        table = self.resource.create_table(
            TableName=name, AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
            KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}], BillingMode="PAY_PER_REQUEST",
            StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"})
        self._tables.append(name)
        table.wait_until_exists()
        table.put_item(Item={"id": "a", "n": 1, "tags": {"x"}})
        table.update_item(Key={"id": "a"}, UpdateExpression="SET n = n + :one", ExpressionAttributeValues={":one": 1})
        table.delete_item(Key={"id": "a"})
        streams = make_session().client("dynamodbstreams", endpoint_url=self.endpoint, config=client_config())
        arn = streams.list_streams(TableName=name)["Streams"][0]["StreamArn"]
        self.assertEqual(arn, table.latest_stream_arn)
        shard = streams.describe_stream(StreamArn=arn)["StreamDescription"]["Shards"][0]["ShardId"]
        iterator = streams.get_shard_iterator(StreamArn=arn, ShardId=shard,
                                              ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
        records = []
        for _ in range(20):
            page = streams.get_records(ShardIterator=iterator)
            records.extend(page["Records"])
            if not page["Records"] or "NextShardIterator" not in page:
                break
            iterator = page["NextShardIterator"]
        deserialize = TypeDeserializer().deserialize
        image = lambda r, which: {k: deserialize(v) for k, v in r["dynamodb"].get(which, {}).items()}
        self.assertEqual([r["eventName"] for r in records], ["INSERT", "MODIFY", "REMOVE"])
        self.assertEqual(image(records[0], "NewImage"), {"id": "a", "n": 1, "tags": {"x"}})
        self.assertEqual((image(records[1], "OldImage")["n"], image(records[1], "NewImage")["n"]), (1, 2))
        self.assertEqual(image(records[2], "OldImage")["n"], 2)
        self.assertEqual(image(records[2], "NewImage"), {})


if __name__ == "__main__":
    unittest.main()
