"""DynamoDB Streams through boto3's dynamodb and dynamodbstreams clients:
StreamSpecification on CreateTable/UpdateTable and in DescribeTable, the four
Streams operations (ListStreams, DescribeStream, GetShardIterator,
GetRecords), one record per change with the images each view type asks for,
records from every write path (PutItem, UpdateItem, DeleteItem,
BatchWriteItem, TransactWriteItems, Time to Live), and validation."""

import shutil
import tempfile
import time
import unittest

from harness import (REGION, DynamoTestCase, ServerProcess, client_config, is_external, make_client, make_session,
                     unique_name)

INVALID = "One or more parameter values were invalid: "


def s(value):
    return {"S": value}


def n(value):
    return {"N": str(value)}


def streams_client(endpoint, validate=True):
    return make_session().client("dynamodbstreams", endpoint_url=endpoint, config=client_config(validate))


class StreamsTest(DynamoTestCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.streams = streams_client(cls.endpoint)
        cls.raw_streams = streams_client(cls.endpoint, validate=False)

    def stream_table(self, view="NEW_AND_OLD_IMAGES", range_key=False):
        name = unique_name("str")
        defs = [{"AttributeName": "pk", "AttributeType": "S"}]
        schema = [{"AttributeName": "pk", "KeyType": "HASH"}]
        if range_key:
            defs.append({"AttributeName": "sk", "AttributeType": "N"})
            schema.append({"AttributeName": "sk", "KeyType": "RANGE"})
        self.ddb.create_table(TableName=name, AttributeDefinitions=defs, KeySchema=schema,
                              BillingMode="PAY_PER_REQUEST",
                              StreamSpecification={"StreamEnabled": True, "StreamViewType": view})
        return name, self.ddb.describe_table(TableName=name)["Table"]["LatestStreamArn"]

    def records(self, arn, iterator_type="TRIM_HORIZON", limit=None):
        shard = self.streams.describe_stream(StreamArn=arn)["StreamDescription"]["Shards"][0]["ShardId"]
        iterator = self.streams.get_shard_iterator(StreamArn=arn, ShardId=shard,
                                                   ShardIteratorType=iterator_type)["ShardIterator"]
        out = []
        while iterator:
            page = self.streams.get_records(ShardIterator=iterator, **({"Limit": limit} if limit else {}))
            out.extend(page["Records"])
            if not page["Records"]:
                break
            iterator = page.get("NextShardIterator")
        return out

    # ---- tables ---------------------------------------------------------

    def test_describe_table_names_the_stream(self):
        name, arn = self.stream_table("NEW_IMAGE")
        table = self.ddb.describe_table(TableName=name)["Table"]
        self.assertEqual(table["StreamSpecification"], {"StreamEnabled": True, "StreamViewType": "NEW_IMAGE"})
        self.assertEqual(arn, table["TableArn"] + "/stream/" + table["LatestStreamLabel"])
        self.assertRegex(table["LatestStreamLabel"], r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}$")

    def test_table_without_stream_has_none(self):
        name = self.create_table(prefix="nostr")
        table = self.ddb.describe_table(TableName=name)["Table"]
        for key in ("StreamSpecification", "LatestStreamArn", "LatestStreamLabel"):
            self.assertNotIn(key, table)

    def test_create_table_validation(self):
        def create(spec):
            return self.raw.create_table(
                TableName=unique_name("bad"), AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
                KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}], BillingMode="PAY_PER_REQUEST",
                StreamSpecification=spec)
        self.assertValidation(lambda: create({"StreamEnabled": True}),
                              INVALID + "Table is being created with a stream enabled, UpdateViewType is required")
        self.assertValidation(lambda: create({"StreamEnabled": False, "StreamViewType": "NEW_IMAGE"}),
                              INVALID + "Table is being created with a stream disabled, UpdateViewType should not "
                              "be specified")
        self.assertValidation(lambda: create({"StreamViewType": "NEW_IMAGE"}),
                              "1 validation error detected: Value null at 'streamSpecification.streamEnabled' "
                              "failed to satisfy constraint: Member must not be null")
        self.assertValidation(lambda: create({"StreamEnabled": True, "StreamViewType": "ALL"}),
                              "1 validation error detected: Value 'ALL' at 'streamSpecification.streamViewType' "
                              "failed to satisfy constraint: Member must satisfy enum value set: "
                              "[NEW_IMAGE, OLD_IMAGE, NEW_AND_OLD_IMAGES, KEYS_ONLY]")

    def test_update_table_enables_and_disables(self):
        name = self.create_table(prefix="upstr")
        self.assertValidation(
            lambda: self.ddb.update_table(TableName=name, StreamSpecification={"StreamEnabled": True}),
            INVALID + "If stream is being enabled then UpdateViewType is required")
        desc = self.ddb.update_table(TableName=name, StreamSpecification={
            "StreamEnabled": True, "StreamViewType": "KEYS_ONLY"})["TableDescription"]
        first = desc["LatestStreamArn"]
        self.assertEqual(desc["StreamSpecification"], {"StreamEnabled": True, "StreamViewType": "KEYS_ONLY"})
        self.assertValidation(
            lambda: self.ddb.update_table(TableName=name, StreamSpecification={
                "StreamEnabled": True, "StreamViewType": "NEW_IMAGE"}),
            "Table already has an enabled stream: TableName: " + name)
        self.put(name, {"pk": s("a")})
        self.assertValidation(
            lambda: self.ddb.update_table(TableName=name, StreamSpecification={
                "StreamEnabled": False, "StreamViewType": "KEYS_ONLY"}),
            INVALID + "If stream is being disabled, then UpdateViewType must not be specified")
        self.ddb.update_table(TableName=name, StreamSpecification={"StreamEnabled": False})
        table = self.ddb.describe_table(TableName=name)["Table"]
        self.assertNotIn("StreamSpecification", table)
        self.assertEqual(table["LatestStreamArn"], first)
        described = self.streams.describe_stream(StreamArn=first)["StreamDescription"]
        self.assertEqual(described["StreamStatus"], "DISABLED")
        self.assertIn("EndingSequenceNumber", described["Shards"][0]["SequenceNumberRange"])
        # The disabled stream keeps its record; writes now add none.
        self.put(name, {"pk": s("b")})
        self.assertEqual([r["dynamodb"]["Keys"]["pk"]["S"] for r in self.records(first)], ["a"])
        # Enabling again starts a new, empty stream.
        time.sleep(0.002)
        second = self.ddb.update_table(TableName=name, StreamSpecification={
            "StreamEnabled": True, "StreamViewType": "NEW_IMAGE"})["TableDescription"]["LatestStreamArn"]
        self.assertNotEqual(first, second)
        self.assertEqual(self.records(second), [])

    # ---- Streams operations ----------------------------------------------

    def test_list_and_describe(self):
        name, arn = self.stream_table(range_key=True)
        listed = self.streams.list_streams(TableName=name)["Streams"]
        self.assertEqual(listed, [{"StreamArn": arn, "TableName": name,
                                   "StreamLabel": arn.rsplit("/stream/", 1)[1]}])
        self.assertIn(arn, [x["StreamArn"] for x in self.streams.list_streams()["Streams"]])
        d = self.streams.describe_stream(StreamArn=arn)["StreamDescription"]
        self.assertEqual((d["StreamArn"], d["StreamStatus"], d["StreamViewType"], d["TableName"]),
                         (arn, "ENABLED", "NEW_AND_OLD_IMAGES", name))
        self.assertEqual(d["KeySchema"], [{"AttributeName": "pk", "KeyType": "HASH"},
                                          {"AttributeName": "sk", "KeyType": "RANGE"}])
        self.assertEqual(len(d["Shards"]), 1)
        self.assertTrue(d["Shards"][0]["ShardId"].startswith("shardId-"))
        self.assertNotIn("EndingSequenceNumber", d["Shards"][0]["SequenceNumberRange"])

    def test_list_streams_pages(self):
        arns = [self.stream_table()[1] for _ in range(3)]
        seen, start = [], None
        while True:
            page = self.streams.list_streams(Limit=1, **({"ExclusiveStartStreamArn": start} if start else {}))
            seen.extend(x["StreamArn"] for x in page["Streams"])
            start = page.get("LastEvaluatedStreamArn")
            if not start:
                break
        for arn in arns:
            self.assertEqual(seen.count(arn), 1)

    def test_missing_stream_and_shard(self):
        name, arn = self.stream_table()
        missing = arn.replace(name, unique_name("gone"))
        self.assertDynamoError(lambda: self.streams.describe_stream(StreamArn=missing), "ResourceNotFoundException",
                               "Requested resource not found: Stream: %s not found" % missing)
        self.assertDynamoError(
            lambda: self.streams.get_shard_iterator(StreamArn=arn, ShardId="shardId-00000000000000000000-00000000",
                                                    ShardIteratorType="LATEST"),
            "ResourceNotFoundException")
        self.assertDynamoError(lambda: self.raw_streams.get_records(ShardIterator="not an iterator"),
                               "ValidationException")

    def test_text_that_is_no_stream_arn_is_a_validation_error(self):
        # DynamoDB answers ValidationException, not ResourceNotFoundException,
        # for a StreamArn that is not shaped like one.
        _, arn = self.stream_table()
        shard = self.streams.describe_stream(StreamArn=arn)["StreamDescription"]["Shards"][0]["ShardId"]
        garbage = "sdfadfsdfnlfkajakfgjalksfgklasjklasdjfklasdfasdfgasf"
        self.assertValidation(lambda: self.streams.describe_stream(StreamArn=garbage), "Invalid StreamArn")
        self.assertValidation(lambda: self.streams.get_shard_iterator(StreamArn=garbage, ShardId=shard,
                                                                      ShardIteratorType="LATEST"),
                              "Invalid StreamArn")
        self.assertValidation(lambda: self.streams.list_streams(ExclusiveStartStreamArn=garbage), "Invalid StreamArn")

    def test_exclusive_start_shard_id_that_is_no_shard(self):
        _, arn = self.stream_table()
        d = self.streams.describe_stream(StreamArn=arn, ExclusiveStartShardId="z" * 40)["StreamDescription"]
        self.assertEqual(d["Shards"], [])
        shard = self.streams.describe_stream(StreamArn=arn)["StreamDescription"]["Shards"][0]["ShardId"]
        after = self.streams.describe_stream(StreamArn=arn, ExclusiveStartShardId=shard)["StreamDescription"]
        self.assertEqual(after["Shards"], [])
        self.assertNotIn("LastEvaluatedShardId", after)

    def test_shard_filter_child_shards(self):
        _, arn = self.stream_table()
        shard = self.streams.describe_stream(StreamArn=arn)["StreamDescription"]["Shards"][0]["ShardId"]
        d = self.streams.describe_stream(StreamArn=arn, ShardFilter={"Type": "CHILD_SHARDS", "ShardId": shard})
        self.assertEqual(d["StreamDescription"]["StreamArn"], arn)
        self.assertEqual(d["StreamDescription"]["Shards"], [])  # an open shard has no children
        self.assertValidation(
            lambda: self.raw_streams.describe_stream(StreamArn=arn, ShardFilter={"Type": "PARENT", "ShardId": shard}),
            "1 validation error detected: Value 'PARENT' at 'shardFilter.type' failed to satisfy constraint: "
            "Member must satisfy enum value set: [CHILD_SHARDS]")
        self.assertValidation(
            lambda: self.raw_streams.describe_stream(StreamArn=arn, ShardFilter={"Type": "CHILD_SHARDS"}),
            "1 validation error detected: Value null at 'shardFilter.shardId' failed to satisfy constraint: "
            "Member must not be null")
        self.assertValidation(
            lambda: self.raw_streams.describe_stream(StreamArn=arn, ShardFilter={"ShardId": shard}),
            "1 validation error detected: Value null at 'shardFilter.type' failed to satisfy constraint: "
            "Member must not be null")
        self.assertValidation(
            lambda: self.raw_streams.describe_stream(StreamArn=arn, ShardFilter={"Type": "CHILD_SHARDS",
                                                                                 "ShardId": "short"}),
            "1 validation error detected: Value 'short' at 'shardFilter.shardId' failed to satisfy constraint: "
            "Member must have length greater than or equal to 28")

    def test_get_shard_iterator_argument_errors(self):
        _, arn = self.stream_table()
        shard = self.streams.describe_stream(StreamArn=arn)["StreamDescription"]["Shards"][0]["ShardId"]
        seq = "1" + "0" * 20
        for kind in ("TRIM_HORIZON", "LATEST"):
            self.assertValidation(
                lambda: self.streams.get_shard_iterator(StreamArn=arn, ShardId=shard, ShardIteratorType=kind,
                                                        SequenceNumber=seq),
                "Invalid Request: SequenceNumber must not be specified when using ShardIteratorType " + kind)
        for kind in ("AT_SEQUENCE_NUMBER", "AFTER_SEQUENCE_NUMBER"):
            self.assertDynamoError(
                lambda: self.streams.get_shard_iterator(StreamArn=arn, ShardId=shard, ShardIteratorType=kind),
                "ValidationException")
        self.assertDynamoError(
            lambda: self.raw_streams.get_shard_iterator(StreamArn=arn, ShardId=shard, ShardIteratorType="bulle"),
            "ValidationException")
        self.assertDynamoError(
            lambda: self.streams.get_shard_iterator(StreamArn=arn, ShardId="semprinidfaasdasfsdvacsdcfsdsvsdv",
                                                    ShardIteratorType="LATEST"),
            "ResourceNotFoundException")

    def test_disabling_a_stream_that_is_not_enabled(self):
        name = self.create_table(prefix="nostr")
        self.assertValidation(lambda: self.ddb.update_table(TableName=name,
                                                            StreamSpecification={"StreamEnabled": False}),
                              "Table has no stream to disable: TableName: " + name)

    # ---- ARNs and regions ------------------------------------------------

    def test_arns_and_records_carry_the_request_region(self):
        name, arn = self.stream_table()
        table = self.ddb.describe_table(TableName=name)["Table"]
        account = table["TableArn"].split(":")[4]
        self.assertRegex(account, r"^\d{12}$")
        self.assertEqual(table["TableArn"], "arn:aws:dynamodb:%s:%s:table/%s" % (REGION, account, name))
        self.assertTrue(arn.startswith(table["TableArn"] + "/stream/"))
        self.put(name, {"pk": s("r")})
        (record,) = self.records(arn)
        self.assertEqual(record["awsRegion"], REGION)

    # ---- writes that change nothing ---------------------------------------

    def test_update_that_changes_nothing_writes_no_record(self):
        name, arn = self.stream_table()
        self.put(name, {"pk": s("k"), "v": n(1)})
        self.ddb.update_item(TableName=name, Key={"pk": s("k")}, UpdateExpression="SET v = :v",
                             ExpressionAttributeValues={":v": n(1)})
        self.ddb.update_item(TableName=name, Key={"pk": s("k")}, UpdateExpression="REMOVE absent")
        self.assertEqual([r["eventName"] for r in self.records(arn)], ["INSERT"])

    def test_remove_on_a_missing_item_creates_nothing(self):
        name, arn = self.stream_table()
        res = self.ddb.update_item(TableName=name, Key={"pk": s("none")}, UpdateExpression="REMOVE a, b",
                                   ReturnValues="ALL_NEW")
        self.assertNotIn("Attributes", res)
        res = self.ddb.update_item(TableName=name, Key={"pk": s("none")}, UpdateExpression="DELETE tags :t",
                                   ExpressionAttributeValues={":t": {"SS": ["x"]}}, ReturnValues="ALL_NEW")
        self.assertNotIn("Attributes", res)
        self.ddb.update_item(TableName=name, Key={"pk": s("none")},
                             AttributeUpdates={"a": {"Action": "DELETE"}})
        self.assertIsNone(self.get(name, {"pk": s("none")}))
        self.assertEqual(self.records(arn), [])
        # A SET still creates the item, with its record.
        self.ddb.update_item(TableName=name, Key={"pk": s("none")}, UpdateExpression="SET a = :a REMOVE b",
                             ExpressionAttributeValues={":a": n(1)})
        self.assertEqual(self.get(name, {"pk": s("none")}), {"pk": s("none"), "a": n(1)})
        self.assertEqual([r["eventName"] for r in self.records(arn)], ["INSERT"])

    # ---- records ---------------------------------------------------------

    def test_insert_modify_remove_with_both_images(self):
        name, arn = self.stream_table()
        self.put(name, {"pk": s("k"), "v": n(1)})
        self.put(name, {"pk": s("k"), "v": n(1)})  # no change: no record
        self.ddb.update_item(TableName=name, Key={"pk": s("k")}, UpdateExpression="SET v = :v",
                             ExpressionAttributeValues={":v": n(2)})
        self.ddb.delete_item(TableName=name, Key={"pk": s("k")})
        self.ddb.delete_item(TableName=name, Key={"pk": s("k")})  # nothing to delete: no record
        records = self.records(arn)
        self.assertEqual([r["eventName"] for r in records], ["INSERT", "MODIFY", "REMOVE"])
        insert, modify, remove = records
        self.assertEqual(insert["dynamodb"]["NewImage"], {"pk": s("k"), "v": n(1)})
        self.assertNotIn("OldImage", insert["dynamodb"])
        self.assertEqual(modify["dynamodb"]["OldImage"], {"pk": s("k"), "v": n(1)})
        self.assertEqual(modify["dynamodb"]["NewImage"], {"pk": s("k"), "v": n(2)})
        self.assertEqual(remove["dynamodb"]["OldImage"], {"pk": s("k"), "v": n(2)})
        self.assertNotIn("NewImage", remove["dynamodb"])
        for r in records:
            self.assertEqual((r["eventVersion"], r["eventSource"]), ("1.1", "aws:dynamodb"))
            self.assertEqual(r["dynamodb"]["Keys"], {"pk": s("k")})
            self.assertEqual(r["dynamodb"]["StreamViewType"], "NEW_AND_OLD_IMAGES")
            self.assertGreater(r["dynamodb"]["SizeBytes"], 0)
            self.assertRegex(r["dynamodb"]["SequenceNumber"], r"^\d{21}$")
            self.assertNotIn("userIdentity", r)
        sequence = [int(r["dynamodb"]["SequenceNumber"]) for r in records]
        self.assertEqual(sequence, sorted(sequence))
        self.assertEqual(len({r["eventID"] for r in records}), 3)

    def test_view_types(self):
        expected = {"KEYS_ONLY": (False, False), "NEW_IMAGE": (True, False), "OLD_IMAGE": (False, True)}
        for view, (new, old) in expected.items():
            with self.subTest(view=view):
                name, arn = self.stream_table(view)
                self.put(name, {"pk": s("x"), "a": s("1")})
                self.put(name, {"pk": s("x"), "a": s("2")})
                modify = self.records(arn)[1]
                self.assertEqual(modify["eventName"], "MODIFY")
                self.assertEqual("NewImage" in modify["dynamodb"], new)
                self.assertEqual("OldImage" in modify["dynamodb"], old)
                self.assertEqual(modify["dynamodb"]["Keys"], {"pk": s("x")})

    def test_batch_and_transaction_writes(self):
        name, arn = self.stream_table(range_key=True)
        self.ddb.batch_write_item(RequestItems={name: [{"PutRequest": {"Item": {"pk": s("b"), "sk": n(i)}}}
                                                       for i in range(3)]})
        self.ddb.transact_write_items(TransactItems=[
            {"Put": {"TableName": name, "Item": {"pk": s("t"), "sk": n(1)}}},
            {"Delete": {"TableName": name, "Key": {"pk": s("b"), "sk": n(0)}}},
        ])
        events = [(r["eventName"], r["dynamodb"]["Keys"]["pk"]["S"]) for r in self.records(arn)]
        self.assertEqual(sorted(events[:3]), [("INSERT", "b")] * 3)
        self.assertEqual(sorted(events[3:]), [("INSERT", "t"), ("REMOVE", "b")])

    def test_iterators_and_paging(self):
        name, arn = self.stream_table()
        for i in range(5):
            self.put(name, {"pk": s("p%d" % i)})
        self.assertEqual(len(self.records(arn, limit=2)), 5)
        shard = self.streams.describe_stream(StreamArn=arn)["StreamDescription"]["Shards"][0]["ShardId"]
        all_records = self.records(arn)
        third = all_records[2]["dynamodb"]["SequenceNumber"]
        for kind, first in (("AT_SEQUENCE_NUMBER", "p2"), ("AFTER_SEQUENCE_NUMBER", "p3")):
            it = self.streams.get_shard_iterator(StreamArn=arn, ShardId=shard, ShardIteratorType=kind,
                                                 SequenceNumber=third)["ShardIterator"]
            got = self.streams.get_records(ShardIterator=it)["Records"]
            self.assertEqual(got[0]["dynamodb"]["Keys"]["pk"]["S"], first)
        latest = self.streams.get_shard_iterator(StreamArn=arn, ShardId=shard,
                                                 ShardIteratorType="LATEST")["ShardIterator"]
        page = self.streams.get_records(ShardIterator=latest)
        self.assertEqual(page["Records"], [])
        self.put(name, {"pk": s("after")})
        page = self.streams.get_records(ShardIterator=page["NextShardIterator"])
        self.assertEqual([r["dynamodb"]["Keys"]["pk"]["S"] for r in page["Records"]], ["after"])

    def test_time_to_live_deletions_name_the_service(self):
        name, arn = self.stream_table()
        self.ddb.update_time_to_live(TableName=name, TimeToLiveSpecification={"Enabled": True, "AttributeName": "exp"})
        self.put(name, {"pk": s("old"), "exp": n(int(time.time()) - 10)})
        deadline = time.time() + 15
        while self.get(name, {"pk": s("old")}) is not None and time.time() < deadline:
            time.sleep(0.2)
        remove = [r for r in self.records(arn) if r["eventName"] == "REMOVE"]
        self.assertEqual(len(remove), 1)
        self.assertEqual(remove[0]["userIdentity"], {"PrincipalId": "dynamodb.amazonaws.com", "Type": "Service"})

    def test_aws_cli(self):
        name, arn = self.stream_table()
        self.put(name, {"pk": s("cli")})
        _, out = self.aws("describe-table", "--table-name", name)
        self.assertEqual(out["Table"]["LatestStreamArn"], arn)


@unittest.skipIf(is_external(), "restarts the server, which needs a local dynamo-items")
class StreamsPersistenceTest(unittest.TestCase):

    def test_records_and_sequence_survive_restart(self):
        directory = tempfile.mkdtemp(prefix="dynamo-items-streams-")
        server = ServerProcess(db_path=directory)
        try:
            endpoint = server.start()
            ddb = make_client(endpoint)
            name = unique_name("str")
            ddb.create_table(TableName=name, AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
                             KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}], BillingMode="PAY_PER_REQUEST",
                             StreamSpecification={"StreamEnabled": True, "StreamViewType": "KEYS_ONLY"})
            ddb.put_item(TableName=name, Item={"pk": s("before")})
            server.stop()
            server = ServerProcess(db_path=directory)
            endpoint = server.start()
            ddb, streams = make_client(endpoint), streams_client(endpoint)
            ddb.put_item(TableName=name, Item={"pk": s("after")})
            arn = ddb.describe_table(TableName=name)["Table"]["LatestStreamArn"]
            shard = streams.describe_stream(StreamArn=arn)["StreamDescription"]["Shards"][0]["ShardId"]
            it = streams.get_shard_iterator(StreamArn=arn, ShardId=shard, ShardIteratorType="TRIM_HORIZON")
            records = streams.get_records(ShardIterator=it["ShardIterator"])["Records"]
            self.assertEqual([r["dynamodb"]["Keys"]["pk"]["S"] for r in records], ["before", "after"])
            first, second = (int(r["dynamodb"]["SequenceNumber"]) for r in records)
            self.assertLess(first, second)
        finally:
            server.kill()
            shutil.rmtree(directory, ignore_errors=True)


if __name__ == "__main__":
    unittest.main()
