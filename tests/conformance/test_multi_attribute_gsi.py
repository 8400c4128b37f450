"""Global secondary indexes with multi-attribute keys (DynamoDB, November
2025): a GSI KeySchema may name up to four HASH and up to four RANGE
attributes, HASH ones first. CreateTable/UpdateTable validation and
DescribeTable's echo, sparse upkeep through every write path (puts, updates,
deletes, transactions, Time to Live, streams), every Query shape DynamoDB
allows and refuses, ordering by the RANGE attributes left to right (mixed
S/N/B, both directions), paging, Scan, legacy KeyConditions, capacity, and
the AWS CLI."""

import json
import shutil
import tempfile
import time
import unittest
from decimal import Decimal

from harness import DynamoTestCase, ServerProcess, is_external, make_client, unique_name

INVALID = "One or more parameter values were invalid: "


def s(value):
    return {"S": value}


def n(value):
    return {"N": str(value)}


def b(value):
    return {"B": value}


def schema(hash_names, range_names=()):
    return ([{"AttributeName": a, "KeyType": "HASH"} for a in hash_names] +
            [{"AttributeName": a, "KeyType": "RANGE"} for a in range_names])


def definitions(**types):
    return [{"AttributeName": name, "AttributeType": kind} for name, kind in types.items()]


def gsi(name, hash_names, range_names=(), projection="ALL"):
    return {"IndexName": name, "KeySchema": schema(hash_names, range_names),
            "Projection": {"ProjectionType": projection}}


def pks(response):
    return [item["pk"]["S"] for item in response["Items"]]


class MultiAttributeBase(DynamoTestCase):

    @classmethod
    def make_table(cls, attributes, gsis, prefix="mg", stream=None):
        name = unique_name(prefix)
        params = {"TableName": name, "AttributeDefinitions": definitions(**attributes),
                  "KeySchema": schema(["pk"]), "BillingMode": "PAY_PER_REQUEST",
                  "GlobalSecondaryIndexes": gsis}
        if stream:
            params["StreamSpecification"] = {"StreamEnabled": True, "StreamViewType": stream}
        cls.ddb.create_table(**params)
        cls._tables.append(name)
        cls.wait_active(name)
        return name

    def query(self, table, condition, values, index="gsi", **kw):
        return self.ddb.query(TableName=table, IndexName=index, KeyConditionExpression=condition,
                              ExpressionAttributeValues=values, **kw)

    def scan_pks(self, table, index="gsi"):
        return sorted(pks(self.ddb.scan(TableName=table, IndexName=index)))


class CreateAndDescribeTest(MultiAttributeBase):
    """CreateTable's rules for GSI key schemas and DescribeTable's echo."""

    def create(self, key_schema, attributes, lsis=None, table_schema=None):
        params = {"TableName": unique_name("mgc"), "AttributeDefinitions": definitions(**attributes),
                  "KeySchema": table_schema or schema(["pk"]), "BillingMode": "PAY_PER_REQUEST",
                  "GlobalSecondaryIndexes": [{"IndexName": "gsi", "KeySchema": key_schema,
                                              "Projection": {"ProjectionType": "ALL"}}]}
        if lsis:
            params["LocalSecondaryIndexes"] = lsis
        result = self.raw.create_table(**params)
        self._tables.append(params["TableName"])
        return result

    def test_four_hash_and_four_range_attributes_echoed_in_order(self):
        names = {"pk": "S", "h1": "S", "h2": "N", "h3": "B", "h4": "S", "r1": "N", "r2": "S", "r3": "B", "r4": "S"}
        key = schema(["h1", "h2", "h3", "h4"], ["r1", "r2", "r3", "r4"])
        created = self.create(key, names)["TableDescription"]
        self.assertEqual(created["GlobalSecondaryIndexes"][0]["KeySchema"], key)
        described = self.ddb.describe_table(TableName=created["TableName"])["Table"]
        self.assertEqual(described["GlobalSecondaryIndexes"][0]["KeySchema"], key)
        self.assertEqual(described["KeySchema"], schema(["pk"]))

    def test_two_hash_attributes_without_range(self):
        key = schema(["a", "b"])
        created = self.create(key, {"pk": "S", "a": "S", "b": "N"})["TableDescription"]
        self.assertEqual(created["GlobalSecondaryIndexes"][0]["KeySchema"], key)

    def test_five_hash_attributes_refused(self):
        attributes = {"pk": "S", **{"h%d" % i: "S" for i in range(5)}}
        self.assertValidation(lambda: self.create(schema(["h%d" % i for i in range(5)]), attributes),
                              "The KeySchema exceeds the maximum allowed number of HASH key attributes")

    def test_five_range_attributes_refused(self):
        attributes = {"pk": "S", "h": "S", **{"r%d" % i: "S" for i in range(5)}}
        self.assertValidation(lambda: self.create(schema(["h"], ["r%d" % i for i in range(5)]), attributes),
                              "The KeySchema exceeds the maximum allowed number of RANGE key attributes")

    def test_hash_after_range_refused(self):
        key = [{"AttributeName": "a", "KeyType": "HASH"}, {"AttributeName": "b", "KeyType": "RANGE"},
               {"AttributeName": "c", "KeyType": "HASH"}]
        self.assertValidation(lambda: self.create(key, {"pk": "S", "a": "S", "b": "S", "c": "S"}),
                              "All HASH key attributes must precede RANGE key attributes in the KeySchema")

    def test_range_first_refused(self):
        key = [{"AttributeName": "a", "KeyType": "RANGE"}, {"AttributeName": "b", "KeyType": "HASH"},
               {"AttributeName": "c", "KeyType": "HASH"}]
        self.assertValidation(lambda: self.create(key, {"pk": "S", "a": "S", "b": "S", "c": "S"}),
                              "Invalid KeySchema: The first KeySchemaElement is not a HASH key type")

    def test_duplicate_attribute_refused(self):
        key = schema(["a", "a"], ["b"])
        self.assertValidation(lambda: self.create(key, {"pk": "S", "a": "S", "b": "S"}),
                              "The KeySchema contains multiple key attributes with the same name")

    def test_undefined_attribute_refused(self):
        self.assertValidation(
            lambda: self.create(schema(["a", "b"]), {"pk": "S", "a": "S"}),
            INVALID + "Some index key attributes are not defined in AttributeDefinitions. Keys: [a, b], "
                      "AttributeDefinitions: [pk, a]")

    def test_lsi_stays_single_attribute(self):
        lsi = {"IndexName": "lsi", "KeySchema": schema(["pk"], ["sk", "l"]),
               "Projection": {"ProjectionType": "ALL"}}
        self.assertValidation(
            lambda: self.create(schema(["g"]), {"pk": "S", "sk": "S", "l": "S", "g": "S"}, lsis=[lsi],
                                table_schema=schema(["pk"], ["sk"])),
            regex=r"1 validation error detected: Value '\[KeySchemaElement.*\]' at "
                  r"'localSecondaryIndexes\.1\.member\.keySchema' failed to satisfy constraint: Member must have "
                  r"length less than or equal to 2")

    def test_table_key_stays_single_attribute(self):
        self.assertValidation(
            lambda: self.create(schema(["g"]), {"pk": "S", "p2": "S", "g": "S"}, table_schema=schema(["pk", "p2"])),
            "Invalid KeySchema: The second KeySchemaElement is not a RANGE key type")


class UpdateTableBackfillTest(MultiAttributeBase):

    def test_create_with_backfill_is_sparse_and_queryable(self):
        name = unique_name("mgu")
        self.ddb.create_table(TableName=name, AttributeDefinitions=definitions(pk="S"), KeySchema=schema(["pk"]),
                              BillingMode="PAY_PER_REQUEST")
        self._tables.append(name)
        self.put(name, {"pk": s("p1"), "t": s("x"), "u": n(1), "r": s("b")})
        self.put(name, {"pk": s("p2"), "t": s("x"), "u": n(1), "r": s("a")})
        self.put(name, {"pk": s("p3"), "t": s("x"), "r": s("c")})            # no u: not indexed
        self.put(name, {"pk": s("p4"), "t": s("x"), "u": s("1"), "r": s("d")})  # u of the wrong type
        key = schema(["t", "u"], ["r"])
        out = self.ddb.update_table(
            TableName=name, AttributeDefinitions=definitions(t="S", u="N", r="S"),
            GlobalSecondaryIndexUpdates=[{"Create": {"IndexName": "gsi", "KeySchema": key,
                                                     "Projection": {"ProjectionType": "KEYS_ONLY"}}}])
        index = out["TableDescription"]["GlobalSecondaryIndexes"][0]
        self.assertEqual(index["KeySchema"], key)
        self.assertEqual(pks(self.query(name, "t = :t AND u = :u", {":t": s("x"), ":u": n(1)})), ["p2", "p1"])
        self.assertEqual(self.scan_pks(name), ["p1", "p2"])
        described = self.ddb.describe_table(TableName=name)["Table"]["GlobalSecondaryIndexes"][0]
        self.assertEqual((described["KeySchema"], described["ItemCount"]), (key, 2))

    def test_update_table_limits_apply(self):
        name = self.make_table({"pk": "S", "g": "S"}, [gsi("gone", ["g"])])
        attributes = definitions(**{"h%d" % i: "S" for i in range(5)})
        self.assertValidation(
            lambda: self.ddb.update_table(
                TableName=name, AttributeDefinitions=attributes,
                GlobalSecondaryIndexUpdates=[{"Create": {"IndexName": "gtwo", "KeySchema": schema(
                    ["h%d" % i for i in range(5)]), "Projection": {"ProjectionType": "ALL"}}}]),
            "The KeySchema exceeds the maximum allowed number of HASH key attributes")
        self.assertValidation(
            lambda: self.ddb.update_table(
                TableName=name, AttributeDefinitions=definitions(a="S", b="S", c="S"),
                GlobalSecondaryIndexUpdates=[{"Create": {"IndexName": "gtwo", "KeySchema": [
                    {"AttributeName": "a", "KeyType": "HASH"}, {"AttributeName": "b", "KeyType": "RANGE"},
                    {"AttributeName": "c", "KeyType": "HASH"}], "Projection": {"ProjectionType": "ALL"}}}]),
            "All HASH key attributes must precede RANGE key attributes in the KeySchema")


class UpkeepTest(MultiAttributeBase):
    """Index entries follow every write: an item is indexed only with every
    key attribute of the right type, and moves when any of them changes."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.table = cls.make_table({"pk": "S", "h1": "S", "h2": "N", "r1": "S", "r2": "N"},
                                   [gsi("gsi", ["h1", "h2"], ["r1", "r2"])], stream="NEW_AND_OLD_IMAGES")

    def partition(self, h1, h2=1):
        return pks(self.query(self.table, "h1 = :a AND h2 = :b", {":a": s(h1), ":b": n(h2)}))

    def test_sparse_without_any_key_attribute(self):
        full = {"pk": s("sp1"), "h1": s("sparse"), "h2": n(1), "r1": s("a"), "r2": n(1)}
        self.put(self.table, full)
        for missing in ("h2", "r1", "r2"):
            item = {k: v for k, v in full.items() if k != missing}
            item["pk"] = s("sp-" + missing)
            self.put(self.table, item)
        self.assertEqual(self.partition("sparse"), ["sp1"])

    def test_update_moves_entry_and_remove_drops_it(self):
        self.put(self.table, {"pk": s("mv"), "h1": s("move"), "h2": n(1), "r1": s("a"), "r2": n(5)})
        self.ddb.update_item(TableName=self.table, Key={"pk": s("mv")}, UpdateExpression="SET h2 = :v",
                             ExpressionAttributeValues={":v": n(2)})
        self.assertEqual((self.partition("move", 1), self.partition("move", 2)), ([], ["mv"]))
        self.ddb.update_item(TableName=self.table, Key={"pk": s("mv")}, UpdateExpression="SET r2 = :v",
                             ExpressionAttributeValues={":v": n(7)})
        found = self.query(self.table, "h1 = :a AND h2 = :b AND r1 = :c AND r2 = :d",
                           {":a": s("move"), ":b": n(2), ":c": s("a"), ":d": n(7)})
        self.assertEqual(pks(found), ["mv"])
        self.assertEqual(found["Items"][0]["r2"], n(7))
        self.ddb.update_item(TableName=self.table, Key={"pk": s("mv")}, UpdateExpression="REMOVE r1")
        self.assertEqual(self.partition("move", 2), [])
        self.ddb.update_item(TableName=self.table, Key={"pk": s("mv")}, UpdateExpression="SET r1 = :v",
                             ExpressionAttributeValues={":v": s("b")})
        self.assertEqual(self.partition("move", 2), ["mv"])
        self.ddb.delete_item(TableName=self.table, Key={"pk": s("mv")})
        self.assertEqual(self.partition("move", 2), [])

    def test_wrong_type_and_empty_values_refused_per_attribute(self):
        base = {"pk": s("bad"), "h1": s("bad"), "h2": n(1), "r1": s("a"), "r2": n(1)}
        self.assertValidation(
            lambda: self.put(self.table, {**base, "r2": s("1")}),
            INVALID + "Type mismatch for Index Key r2 Expected: N Actual: S IndexName: gsi")
        self.assertValidation(
            lambda: self.put(self.table, {**base, "h2": s("1")}),
            INVALID + "Type mismatch for Index Key h2 Expected: N Actual: S IndexName: gsi")
        self.assertValidation(
            lambda: self.put(self.table, {**base, "r1": s("")}),
            "One or more parameter values are not valid. A value specified for a secondary index key is not "
            "supported. The AttributeValue for a key attribute cannot contain an empty string value. "
            "IndexName: gsi, IndexKey: r1")
        self.assertIsNone(self.get(self.table, {"pk": s("bad")}))

    def test_key_size_limits_per_attribute(self):
        base = {"pk": s("big"), "h1": s("big"), "h2": n(1), "r1": s("a"), "r2": n(1)}
        self.put(self.table, {**base, "h1": s("h" * 2048), "r1": s("r" * 1024)})
        self.assertEqual(self.partition("h" * 2048), ["big"])
        self.assertValidation(
            lambda: self.put(self.table, {**base, "h1": s("h" * 2049)}),
            INVALID + "Size limit exceeded for Index Key h1 Actual Size: 2049 bytes Max Size: 2048 bytes "
                      "IndexName: gsi")
        self.assertValidation(
            lambda: self.put(self.table, {**base, "r1": s("\u00e9" * 513)}),
            INVALID + "Size limit exceeded for Index Key r1 Actual Size: 1026 bytes Max Size: 1024 bytes "
                      "IndexName: gsi")
        self.ddb.delete_item(TableName=self.table, Key={"pk": s("big")})

    def test_transactions_maintain_the_index(self):
        self.ddb.transact_write_items(TransactItems=[
            {"Put": {"TableName": self.table,
                     "Item": {"pk": s("tx1"), "h1": s("tx"), "h2": n(1), "r1": s("a"), "r2": n(1)}}},
            {"Put": {"TableName": self.table,
                     "Item": {"pk": s("tx2"), "h1": s("tx"), "h2": n(1), "r1": s("b"), "r2": n(1)}}}])
        self.assertEqual(self.partition("tx"), ["tx1", "tx2"])
        self.ddb.transact_write_items(TransactItems=[
            {"Update": {"TableName": self.table, "Key": {"pk": s("tx1")}, "UpdateExpression": "SET r1 = :v",
                        "ExpressionAttributeValues": {":v": s("c")}}},
            {"Delete": {"TableName": self.table, "Key": {"pk": s("tx2")}}}])
        self.assertEqual(self.partition("tx"), ["tx1"])
        self.assertEqual(self.query(self.table, "h1 = :a AND h2 = :b AND r1 = :c",
                                    {":a": s("tx"), ":b": n(1), ":c": s("c")})["Count"], 1)

    def test_stream_records_carry_the_table_key_only(self):
        arn = self.ddb.describe_table(TableName=self.table)["Table"]["LatestStreamArn"]
        self.put(self.table, {"pk": s("st"), "h1": s("st"), "h2": n(1), "r1": s("a"), "r2": n(1)})
        streams = self.streams_client()
        shard = streams.describe_stream(StreamArn=arn)["StreamDescription"]["Shards"][0]["ShardId"]
        it = streams.get_shard_iterator(StreamArn=arn, ShardId=shard,
                                        ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
        records = [r for r in streams.get_records(ShardIterator=it, Limit=1000)["Records"]
                   if r["dynamodb"]["Keys"] == {"pk": s("st")}]
        self.assertEqual(len(records), 1)
        self.assertEqual(records[0]["eventName"], "INSERT")
        self.assertEqual(records[0]["dynamodb"]["NewImage"]["h2"], n(1))

    def streams_client(self):
        from harness import make_session, client_config
        return make_session().client("dynamodbstreams", endpoint_url=self.endpoint, config=client_config())


class TimeToLiveTest(MultiAttributeBase):

    def test_expired_items_leave_the_index(self):
        name = self.make_table({"pk": "S", "a": "S", "b": "S", "c": "N"}, [gsi("gsi", ["a", "b"], ["c"])])
        self.ddb.update_time_to_live(TableName=name, TimeToLiveSpecification={"Enabled": True, "AttributeName": "exp"})
        self.put(name, {"pk": s("old"), "a": s("x"), "b": s("y"), "c": n(1), "exp": n(int(time.time()) - 10)})
        self.put(name, {"pk": s("new"), "a": s("x"), "b": s("y"), "c": n(2)})
        deadline = time.time() + 20
        while self.get(name, {"pk": s("old")}) is not None and time.time() < deadline:
            time.sleep(0.2)
        self.assertIsNone(self.get(name, {"pk": s("old")}))
        self.assertEqual(pks(self.query(name, "a = :a AND b = :b", {":a": s("x"), ":b": s("y")})), ["new"])


class QueryShapesTest(MultiAttributeBase):
    """One HASH and four RANGE attributes, every shape the rules allow and
    each kind they refuse."""

    ITEMS = [("p1", "T", "live", "b", "r1"), ("p2", "T", "live", "a", "r2"), ("p3", "T", "live", "a", "r1"),
             ("p4", "T", "draft", "c", "r1"), ("p5", "F", "live", "a", "r0"), ("p6", "T", "live", None, "r1")]

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.table = cls.make_table({name: "S" for name in ("pk", "h", "a", "b", "c", "d")},
                                   [gsi("gsi", ["h"], ["a", "b", "c", "d"])])
        for pk, a, b_, c, d in cls.ITEMS:
            item = {"pk": s(pk), "h": s("o1"), "a": s(a), "b": s(b_), "d": s(d)}
            if c is not None:
                item["c"] = s(c)
            cls.ddb.put_item(TableName=cls.table, Item=item)

    VALUES = {":h": s("o1"), ":a": s("T"), ":b": s("live"), ":c": s("a"), ":d": s("r"), ":x": s("r1"),
              ":y": s("r1"), ":n": n(1)}

    def q(self, condition, **kw):
        values = {k: v for k, v in self.VALUES.items() if k in condition}
        return self.query(self.table, condition, values, **kw)

    def test_allowed_shapes(self):
        cases = [
            ("h = :h", ["p5", "p4", "p3", "p2", "p1"]),
            ("h = :h AND a = :a", ["p4", "p3", "p2", "p1"]),
            ("h = :h AND a = :a AND b = :b", ["p3", "p2", "p1"]),
            ("h = :h AND a = :a AND b = :b AND c = :c", ["p3", "p2"]),
            ("h = :h AND a = :a AND b = :b AND c = :c AND d = :x", ["p3"]),
            ("h = :h AND a = :a AND b = :b AND c > :c", ["p1"]),
            ("h = :h AND a = :a AND b = :b AND c >= :c", ["p3", "p2", "p1"]),
            ("h = :h AND a = :a AND b < :b", ["p4"]),
            ("h = :h AND a = :a AND b <= :b", ["p4", "p3", "p2", "p1"]),
            ("h = :h AND a = :a AND b = :b AND c = :c AND begins_with(d, :d)", ["p3", "p2"]),
            ("h = :h AND a = :a AND b = :b AND c = :c AND d BETWEEN :x AND :y", ["p3"]),
            ("h = :h AND begins_with(a, :a)", ["p4", "p3", "p2", "p1"]),
            ("h = :h AND a > :a", []),
            ("b = :b AND h = :h AND a = :a", ["p3", "p2", "p1"]),
            (":a = a AND h = :h AND :b > b", ["p4"]),
        ]
        for condition, expected in cases:
            with self.subTest(condition=condition):
                self.assertEqual(pks(self.q(condition)), expected)
                self.assertEqual(pks(self.q(condition, ScanIndexForward=False)), expected[::-1])

    def test_gap_or_range_before_the_last_attribute_refused(self):
        cases = [
            ("h = :h AND a = :a AND c = :c", "b", "c"),
            ("h = :h AND a = :a AND b > :b AND c = :c", "b", "c"),
            ("h = :h AND b = :b", "a", "b"),
            ("h = :h AND a > :a AND c = :c", "a, b", "c"),
        ]
        for condition, lacking, present in cases:
            with self.subTest(condition=condition):
                self.assertValidation(
                    lambda: self.q(condition),
                    "RANGE key attributes %s must have equality conditions specified in the query because a "
                    "condition is present on key attribute %s" % (lacking, present))

    def test_other_refusals(self):
        self.assertValidation(lambda: self.q("a = :a"), "Query condition missed key schema element: h")
        self.assertValidation(lambda: self.q("h > :h"), "Query key condition not supported")
        self.assertValidation(lambda: self.q("h = :h AND a = :n"),
                              INVALID + "Condition parameter type does not match schema type")
        self.assertValidation(lambda: self.q("h = :h AND a = :a AND pk = :b"),
                              "Query condition missed key schema element: b")
        self.assertValidation(lambda: self.q("h = :h AND a = :a AND a = :b"),
                              "KeyConditionExpressions must only contain one condition per key")
        self.assertValidation(lambda: self.q("h = :h AND a = :a AND b <> :b"),
                              "Invalid operator used in KeyConditionExpression: <>")

    def test_filter_on_an_index_key_attribute_refused(self):
        self.assertValidation(
            lambda: self.query(self.table, "h = :h", {":h": s("o1"), ":c": s("a")}, FilterExpression="c = :c"),
            "Filter Expression can only contain non-primary key attributes: Primary key attribute: c")

    def test_paging_carries_every_index_key_attribute(self):
        first = self.q("h = :h AND a = :a", Limit=2)
        self.assertEqual(pks(first), ["p4", "p3"])
        self.assertEqual(first["LastEvaluatedKey"],
                         {"pk": s("p3"), "h": s("o1"), "a": s("T"), "b": s("live"), "c": s("a"), "d": s("r1")})
        second = self.q("h = :h AND a = :a", Limit=2, ExclusiveStartKey=first["LastEvaluatedKey"])
        self.assertEqual(pks(second), ["p2", "p1"])
        third = self.q("h = :h AND a = :a", Limit=2, ExclusiveStartKey=second["LastEvaluatedKey"])
        self.assertEqual((pks(third), "LastEvaluatedKey" in third), ([], False))
        back = self.q("h = :h AND a = :a", Limit=3, ScanIndexForward=False)
        self.assertEqual(pks(back), ["p1", "p2", "p3"])
        rest = self.q("h = :h AND a = :a", Limit=3, ScanIndexForward=False, ExclusiveStartKey=back["LastEvaluatedKey"])
        self.assertEqual(pks(rest), ["p4"])

    def test_start_key_must_hold_every_index_key_attribute(self):
        start = {"pk": s("p3"), "h": s("o1"), "a": s("T"), "b": s("live"), "c": s("a")}
        self.assertValidation(lambda: self.q("h = :h", ExclusiveStartKey=start), "The provided starting key is invalid")
        outside = {**start, "d": s("r1"), "a": s("F")}
        self.assertValidation(lambda: self.q("h = :h AND a = :a", ExclusiveStartKey=outside),
                              "The provided starting key does not match the range key predicate")

    def test_select_count_and_projection(self):
        self.assertEqual(self.q("h = :h AND a = :a", Select="COUNT")["Count"], 4)
        got = self.q("h = :h AND a = :a AND b = :b", ProjectionExpression="pk, d")
        self.assertEqual(got["Items"], [{"pk": s("p3"), "d": s("r1")}, {"pk": s("p2"), "d": s("r2")},
                                        {"pk": s("p1"), "d": s("r1")}])

    def test_legacy_key_conditions(self):
        got = self.ddb.query(TableName=self.table, IndexName="gsi", KeyConditions={
            "h": {"ComparisonOperator": "EQ", "AttributeValueList": [s("o1")]},
            "a": {"ComparisonOperator": "EQ", "AttributeValueList": [s("T")]},
            "b": {"ComparisonOperator": "LT", "AttributeValueList": [s("live")]}})
        self.assertEqual(pks(got), ["p4"])
        self.assertValidation(
            lambda: self.ddb.query(TableName=self.table, IndexName="gsi", KeyConditions={
                "h": {"ComparisonOperator": "EQ", "AttributeValueList": [s("o1")]},
                "b": {"ComparisonOperator": "EQ", "AttributeValueList": [s("live")]}}),
            "RANGE key attributes a must have equality conditions specified in the query because a condition is "
            "present on key attribute b")

    def test_scan_and_capacity(self):
        scanned = self.ddb.scan(TableName=self.table, IndexName="gsi", ReturnConsumedCapacity="INDEXES")
        self.assertEqual(sorted(pks(scanned)), ["p1", "p2", "p3", "p4", "p5"])
        capacity = scanned["ConsumedCapacity"]
        self.assertEqual(capacity["GlobalSecondaryIndexes"]["gsi"]["CapacityUnits"], capacity["CapacityUnits"])
        segments = [pks(self.ddb.scan(TableName=self.table, IndexName="gsi", Segment=i, TotalSegments=3))
                    for i in range(3)]
        self.assertEqual(sorted(sum(segments, [])), ["p1", "p2", "p3", "p4", "p5"])
        queried = self.q("h = :h", ReturnConsumedCapacity="INDEXES")["ConsumedCapacity"]
        self.assertEqual(queried["GlobalSecondaryIndexes"], {"gsi": {"CapacityUnits": 0.5}})
        written = self.ddb.put_item(TableName=self.table, ReturnConsumedCapacity="INDEXES", Item={
            "pk": s("cap"), "h": s("o2"), "a": s("x"), "b": s("x"), "c": s("x"), "d": s("x")})["ConsumedCapacity"]
        self.assertEqual(written["GlobalSecondaryIndexes"], {"gsi": {"CapacityUnits": 1.0}})


class OrderingTest(MultiAttributeBase):
    """Order by the RANGE attributes in KeySchema order, each by its type's
    order: N numerically, B and S by unsigned bytes."""

    def test_mixed_types_both_directions_and_across_pages(self):
        name = self.make_table({"pk": "S", "g": "S", "k": "N", "x": "N", "y": "B", "z": "S"},
                               [gsi("gsi", ["g", "k"], ["x", "y", "z"])])
        rows = []
        i = 0
        for x in ("-10.5", "-1", "0", "2", "10", "1E+3"):
            for y in (b"\x00", b"\x00\x01", b"\x7f", b"\xff"):
                for z in ("A", "a", "\u00e9", "ab"):
                    rows.append(("p%03d" % i, x, y, z))
                    i += 1
        for start in range(0, len(rows), 25):
            self.ddb.batch_write_item(RequestItems={name: [
                {"PutRequest": {"Item": {"pk": s(pk), "g": s("one"), "k": n(7), "x": n(x), "y": b(y), "z": s(z)}}}
                for pk, x, y, z in rows[start:start + 25]]})
        expected = [pk for pk, x, y, z in sorted(rows, key=lambda r: (Decimal(r[1]), r[2], r[3].encode()))]
        for forward in (True, False):
            got, start = [], None
            while True:
                kw = {"Limit": 7, "ScanIndexForward": forward}
                if start:
                    kw["ExclusiveStartKey"] = start
                page = self.query(name, "g = :g AND k = :k", {":g": s("one"), ":k": n(7)}, **kw)
                got += pks(page)
                start = page.get("LastEvaluatedKey")
                if not start:
                    break
            self.assertEqual(got, expected if forward else expected[::-1])
        narrowed = self.query(name, "g = :g AND k = :k AND x = :x AND y BETWEEN :lo AND :hi",
                              {":g": s("one"), ":k": n(7), ":x": n(2), ":lo": b(b"\x00\x01"), ":hi": b(b"\x7f")})
        self.assertEqual(pks(narrowed), [pk for pk, x, y, z in sorted(rows, key=lambda r: (r[2], r[3].encode()))
                                         if x == "2" and b"\x00\x01" <= y <= b"\x7f"])


class CliTest(MultiAttributeBase):

    def test_create_describe_and_query_with_the_cli(self):
        name = unique_name("mgcli")
        key = schema(["a", "b"], ["c"])
        self.aws("create-table", "--table-name", name, "--billing-mode", "PAY_PER_REQUEST",
                 "--attribute-definitions", json.dumps(definitions(pk="S", a="S", b="N", c="S")),
                 "--key-schema", json.dumps(schema(["pk"])),
                 "--global-secondary-indexes", json.dumps([gsi("gsi", ["a", "b"], ["c"])]))
        self._tables.append(name)
        _, described = self.aws("describe-table", "--table-name", name)
        self.assertEqual(described["Table"]["GlobalSecondaryIndexes"][0]["KeySchema"], key)
        self.put(name, {"pk": s("1"), "a": s("x"), "b": n(1), "c": s("z")})
        _, out = self.aws("query", "--table-name", name, "--index-name", "gsi", "--key-condition-expression",
                          "a = :a AND b = :b AND begins_with(c, :c)", "--expression-attribute-values",
                          json.dumps({":a": s("x"), ":b": n(1), ":c": s("z")}))
        self.assertEqual([item["pk"]["S"] for item in out["Items"]], ["1"])



@unittest.skipIf(is_external(), "restarts the server, which needs a local dynamo-items")
class PersistenceTest(unittest.TestCase):

    def test_catalog_and_entries_survive_a_restart(self):
        directory = tempfile.mkdtemp(prefix="dynamo-items-multi-gsi-")
        server = ServerProcess(db_path=directory)
        try:
            ddb = make_client(server.start())
            name = unique_name("mgp")
            key = schema(["a", "b"], ["c", "d"])
            ddb.create_table(TableName=name, AttributeDefinitions=definitions(pk="S", a="S", b="N", c="B", d="S"),
                             KeySchema=schema(["pk"]), BillingMode="PAY_PER_REQUEST",
                             GlobalSecondaryIndexes=[gsi("gsi", ["a", "b"], ["c", "d"])])
            for pk, c, d in (("1", b"\x02", "y"), ("2", b"\x01", "z"), ("3", b"\x01", "x")):
                ddb.put_item(TableName=name, Item={"pk": s(pk), "a": s("k"), "b": n(5), "c": b(c), "d": s(d)})
            self.assertEqual(server.stop(), 0)
            server = ServerProcess(db_path=directory)
            ddb = make_client(server.start())
            described = ddb.describe_table(TableName=name)["Table"]["GlobalSecondaryIndexes"][0]
            self.assertEqual(described["KeySchema"], key)
            got = ddb.query(TableName=name, IndexName="gsi", KeyConditionExpression="a = :a AND b = :b",
                            ExpressionAttributeValues={":a": s("k"), ":b": n(5)})
            self.assertEqual(pks(got), ["3", "2", "1"])
        finally:
            server.stop()
            shutil.rmtree(directory, ignore_errors=True)


if __name__ == "__main__":
    unittest.main()
