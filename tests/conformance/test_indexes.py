"""Secondary indexes: CreateTable with GSIs and LSIs and DescribeTable's view
of them, DynamoDB's validation messages for index definitions, index entries
following every write (sparse indexes, index keys that change or disappear),
Query and Scan with IndexName (sort-key conditions, both directions, paging
with table and index keys in LastEvaluatedKey, parallel segments),
projections KEYS_ONLY/INCLUDE/ALL, the GSI rules (no consistent reads, no
ALL_ATTRIBUTES unless projected) and LSI fetches, and index key validation
on writes."""

import re
import shutil
import tempfile
import unittest
from collections import Counter
from decimal import Decimal

from boto3.dynamodb.conditions import Attr, Key

from harness import DynamoTestCase, ServerProcess, is_external, make_client, make_resource, unique_name

INVALID = "One or more parameter values were invalid: "
BAD_START_KEY = "The provided starting key is invalid"
KEY_SCHEMA_MISMATCH = "The provided key element does not match the schema"


def s(value):
    return {"S": value}


def n(value):
    return {"N": str(value)}


def b(value):
    return {"B": value}


def key_schema(hash_name, range_name=None):
    schema = [{"AttributeName": hash_name, "KeyType": "HASH"}]
    if range_name is not None:
        schema.append({"AttributeName": range_name, "KeyType": "RANGE"})
    return schema


def gsi(name, hash_name, range_name=None, projection="ALL", non_key=None, throughput=None):
    index = {"IndexName": name, "KeySchema": key_schema(hash_name, range_name),
             "Projection": {"ProjectionType": projection}}
    if non_key is not None:
        index["Projection"]["NonKeyAttributes"] = non_key
    if throughput is not None:
        index["ProvisionedThroughput"] = throughput
    return index


def lsi(name, hash_name, range_name, projection="ALL", non_key=None):
    return gsi(name, hash_name, range_name, projection, non_key)


def definitions(**types):
    return [{"AttributeName": name, "AttributeType": kind} for name, kind in types.items()]


def table_key(item):
    return (item["pk"]["S"], item["sk"]["S"])


def by_table_key(items):
    return sorted(items, key=table_key)


class IndexTestBase(DynamoTestCase):
    """Table creation with indexes, paging helpers and index-aware
    assertions."""

    @classmethod
    def create_indexed_table(cls, prefix="ix", attributes=None, hash_key="pk", range_key="sk", gsis=None,
                             lsis=None, throughput=None):
        """Create a table with indexes (PAY_PER_REQUEST unless `throughput`);
        ACTIVE on return."""
        name = unique_name(prefix)
        params = {"TableName": name, "AttributeDefinitions": definitions(**(attributes or {"pk": "S", "sk": "S"})),
                  "KeySchema": key_schema(hash_key, range_key)}
        if throughput is None:
            params["BillingMode"] = "PAY_PER_REQUEST"
        else:
            params["ProvisionedThroughput"] = throughput
        if gsis:
            params["GlobalSecondaryIndexes"] = gsis
        if lsis:
            params["LocalSecondaryIndexes"] = lsis
        cls._created = cls.ddb.create_table(**params)["TableDescription"]
        cls._tables.append(name)
        cls.wait_active(name)
        return name

    def write_all(self, table, items):
        """BatchWriteItem in chunks of 25, retrying unprocessed items."""
        for i in range(0, len(items), 25):
            request = {table: [{"PutRequest": {"Item": item}} for item in items[i:i + 25]]}
            while request:
                request = self.ddb.batch_write_item(RequestItems=request).get("UnprocessedItems") or None

    def pages(self, call, limit_pages=100000, **kw):
        """Every page of a paged request: call(**kw, ExclusiveStartKey=...)."""
        result, start = [], None
        while True:
            args = dict(kw)
            if start is not None:
                args["ExclusiveStartKey"] = start
            page = call(**args)
            result.append(page)
            start = page.get("LastEvaluatedKey")
            if start is None:
                return result
            self.assertLess(len(result), limit_pages, "paging does not end")

    @staticmethod
    def all_items(pages):
        return [item for page in pages for item in page.get("Items", [])]

    def query_index(self, table, index, condition, values, client=None, **kw):
        return (client or self.ddb).query(TableName=table, IndexName=index, KeyConditionExpression=condition,
                                          ExpressionAttributeValues=values, **kw)

    def assertIndexPaging(self, pages, expected, limit, key_names):
        """Limit-bounded pages over an index: every expected item exactly
        once, full pages of `limit` items whose LastEvaluatedKey holds
        exactly the table and index key attributes of the page's last item."""
        full, rest = divmod(len(expected), limit)
        self.assertEqual(len(pages), full + 1, "pages for Limit %d" % limit)
        for i, page in enumerate(pages):
            size = limit if i < full else rest
            self.assertEqual((page["Count"], page["ScannedCount"], len(page["Items"])), (size, size, size))
            if i < full:
                last = page["Items"][-1]
                self.assertEqual(page["LastEvaluatedKey"], {k: last[k] for k in key_names})
            else:
                self.assertNotIn("LastEvaluatedKey", page)
        items = self.all_items(pages)
        self.assertEqual(Counter(map(table_key, items)), Counter(map(table_key, expected)))
        self.assertEqual(len(items), len(expected))


class DescribeIndexesTest(IndexTestBase):
    """CreateTable and DescribeTable show every index with its key schema,
    projection, status and counts."""

    ATTRIBUTES = {"pk": "S", "sk": "S", "gpk": "S", "gsk": "N", "lsk": "S"}

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.gsis = [gsi("g_all", "gpk", "gsk"), gsi("g_keys", "gpk", projection="KEYS_ONLY"),
                    gsi("g_inc", "gsk", projection="INCLUDE", non_key=["b", "a"])]
        cls.lsis = [lsi("l_all", "pk", "lsk"), lsi("l_inc", "pk", "lsk", "INCLUDE", ["x"])]
        cls.table = cls.create_indexed_table("desc", cls.ATTRIBUTES, gsis=cls.gsis, lsis=cls.lsis)
        cls.created = cls._created

    def describe(self, table=None):
        return self.ddb.describe_table(TableName=table or self.table)["Table"]

    @staticmethod
    def by_name(indexes):
        return {ix["IndexName"]: ix for ix in indexes}

    @staticmethod
    def sorted_projection(projection):
        if "NonKeyAttributes" not in projection:
            return projection
        return dict(projection, NonKeyAttributes=sorted(projection["NonKeyAttributes"]))

    def check_indexes(self, desc, active):
        self.assertCountEqual(desc["AttributeDefinitions"], definitions(**self.ATTRIBUTES))
        gsis = self.by_name(desc["GlobalSecondaryIndexes"])
        lsis = self.by_name(desc["LocalSecondaryIndexes"])
        self.assertEqual(set(gsis), {"g_all", "g_keys", "g_inc"})
        self.assertEqual(set(lsis), {"l_all", "l_inc"})
        for spec in self.gsis:
            got = gsis[spec["IndexName"]]
            self.assertEqual(got["KeySchema"], spec["KeySchema"])
            # NonKeyAttributes come back in no particular order.
            self.assertEqual(self.sorted_projection(got["Projection"]), self.sorted_projection(spec["Projection"]))
            if active:
                self.assertEqual(got["IndexStatus"], "ACTIVE")
            self.assertEqual((got["ProvisionedThroughput"]["ReadCapacityUnits"],
                              got["ProvisionedThroughput"]["WriteCapacityUnits"]), (0, 0))
            self.assertEqual(got["IndexArn"], desc["TableArn"] + "/index/" + spec["IndexName"])
            self.assertEqual((got["ItemCount"], got["IndexSizeBytes"]), (0, 0))
        for spec in self.lsis:
            got = lsis[spec["IndexName"]]
            self.assertEqual(got["KeySchema"], spec["KeySchema"])
            self.assertEqual(self.sorted_projection(got["Projection"]), self.sorted_projection(spec["Projection"]))
            self.assertEqual(got["IndexArn"], desc["TableArn"] + "/index/" + spec["IndexName"])
            self.assertEqual((got["ItemCount"], got["IndexSizeBytes"]), (0, 0))
            # LSIs share the table's throughput and status.
            self.assertNotIn("ProvisionedThroughput", got)
            self.assertNotIn("IndexStatus", got)

    def test_create_table_response_shows_the_indexes(self):
        self.check_indexes(self.created, active=not is_external())

    def test_describe_table_shows_the_indexes(self):
        desc = self.describe()
        self.assertEqual(desc["TableStatus"], "ACTIVE")
        self.check_indexes(desc, active=True)

    def test_resource_attributes(self):
        table = make_resource(self.endpoint).Table(self.table)
        self.assertEqual(sorted(ix["IndexName"] for ix in table.global_secondary_indexes), ["g_all", "g_inc", "g_keys"])
        self.assertEqual(sorted(ix["IndexName"] for ix in table.local_secondary_indexes), ["l_all", "l_inc"])
        self.assertEqual(table.key_schema, key_schema("pk", "sk"))

    def test_provisioned_table_gsi_throughput(self):
        name = self.create_indexed_table(
            "descp", {"pk": "S", "g": "N"}, range_key=None,
            gsis=[gsi("by_g", "g", throughput={"ReadCapacityUnits": 3, "WriteCapacityUnits": 4})],
            throughput={"ReadCapacityUnits": 5, "WriteCapacityUnits": 6})
        index, = self.describe(name)["GlobalSecondaryIndexes"]
        self.assertEqual(index["ProvisionedThroughput"],
                         {"NumberOfDecreasesToday": 0, "ReadCapacityUnits": 3, "WriteCapacityUnits": 4})
        self.assertEqual(index["KeySchema"], key_schema("g"))
        self.assertNotIn("LocalSecondaryIndexes", self.describe(name))

    def test_table_without_indexes_has_no_index_lists(self):
        name = self.create_table(hash_key=("pk", "S"), prefix="descn")
        desc = self.describe(name)
        self.assertNotIn("GlobalSecondaryIndexes", desc)
        self.assertNotIn("LocalSecondaryIndexes", desc)

    def test_accepted_unusual_definitions(self):
        # An LSI on the table's own sort key, a GSI identical to the table key,
        # and a GSI named like the table are all accepted.
        name = unique_name("descu")
        self.ddb.create_table(TableName=name, BillingMode="PAY_PER_REQUEST",
                              AttributeDefinitions=definitions(pk="S", sk="S"), KeySchema=key_schema("pk", "sk"),
                              LocalSecondaryIndexes=[lsi("same_sk", "pk", "sk")],
                              GlobalSecondaryIndexes=[gsi("same_key", "pk", "sk"), gsi(name, "sk")])
        self._tables.append(name)
        self.wait_active(name)
        desc = self.describe(name)
        self.assertEqual(sorted(ix["IndexName"] for ix in desc["GlobalSecondaryIndexes"]), sorted(["same_key", name]))

    @unittest.skipIf(is_external(), "DynamoDB refreshes ItemCount and IndexSizeBytes about every six hours")
    def test_counts_follow_writes(self):
        table = self.create_indexed_table("descc", self.ATTRIBUTES, gsis=self.gsis, lsis=self.lsis)
        items = []
        for i in range(12):
            item = {"pk": s("p%d" % (i % 3)), "sk": s("s%02d" % i), "a": s("a" * 40), "x": s("x" * 30)}
            if i % 2 == 0:
                item["gpk"] = s("g")        # g_all needs gsk too: only i % 4 == 0
            if i % 4 == 0:
                item["gsk"] = n(i)          # g_inc: 3 items
            if i % 3 == 0:
                item["lsk"] = s("l%02d" % i)  # l_all, l_inc: 4 items
            items.append(item)
        self.write_all(table, items)
        desc = self.describe(table)
        gsis, lsis = self.by_name(desc["GlobalSecondaryIndexes"]), self.by_name(desc["LocalSecondaryIndexes"])
        self.assertEqual(desc["ItemCount"], 12)
        self.assertEqual({k: v["ItemCount"] for k, v in gsis.items()}, {"g_all": 3, "g_keys": 6, "g_inc": 3})
        self.assertEqual({k: v["ItemCount"] for k, v in lsis.items()}, {"l_all": 4, "l_inc": 4})
        for ix in list(gsis.values()) + list(lsis.values()):
            self.assertGreater(ix["IndexSizeBytes"], 0)
        # A KEYS_ONLY or INCLUDE entry is smaller than the whole item.
        self.assertLess(lsis["l_inc"]["IndexSizeBytes"], lsis["l_all"]["IndexSizeBytes"])
        self.assertLessEqual(gsis["g_all"]["IndexSizeBytes"], desc["TableSizeBytes"])
        # Deleting items and removing index keys shrinks the indexes.
        self.ddb.delete_item(TableName=table, Key={"pk": s("p0"), "sk": s("s00")})
        self.ddb.update_item(TableName=table, Key={"pk": s("p1"), "sk": s("s04")}, UpdateExpression="REMOVE gpk")
        desc = self.describe(table)
        gsis, lsis = self.by_name(desc["GlobalSecondaryIndexes"]), self.by_name(desc["LocalSecondaryIndexes"])
        self.assertEqual(desc["ItemCount"], 11)
        self.assertEqual({k: v["ItemCount"] for k, v in gsis.items()}, {"g_all": 1, "g_keys": 4, "g_inc": 2})
        self.assertEqual({k: v["ItemCount"] for k, v in lsis.items()}, {"l_all": 3, "l_inc": 3})


class CreateTableValidationTest(IndexTestBase):
    """DynamoDB's messages for index definitions."""

    def create(self, lsis=None, gsis=None, attributes=None, keys=("a", "b"), billing="PAY_PER_REQUEST", **kw):
        name = unique_name("bad")
        self._tables.append(name)  # in case a broken server accepts it
        params = {"TableName": name, "AttributeDefinitions": definitions(**(attributes or {"a": "S", "b": "S"})),
                  "KeySchema": key_schema(*keys)}
        if billing == "PAY_PER_REQUEST":
            params["BillingMode"] = billing
        else:
            params["ProvisionedThroughput"] = {"ReadCapacityUnits": 1, "WriteCapacityUnits": 1}
        if lsis is not None:
            params["LocalSecondaryIndexes"] = lsis
        if gsis is not None:
            params["GlobalSecondaryIndexes"] = gsis
        params.update(kw)
        return self.raw.create_table(**params)

    def invalid(self, message=None, regex=None, **kw):
        self.assertValidation(lambda: self.create(**kw), None if message is None else INVALID + message,
                              regex=None if regex is None else re.escape(INVALID) + regex)

    def test_empty_index_lists(self):
        self.invalid("List of LocalSecondaryIndexes is empty", lsis=[])
        self.invalid("List of GlobalSecondaryIndexes is empty", gsis=[])

    def test_lsi_on_a_table_without_sort_key(self):
        self.invalid("Table KeySchema does not have a range key, which is required when specifying a "
                     "LocalSecondaryIndex", keys=("a",), lsis=[lsi("abc", "a", "b")])

    def test_lsi_on_a_table_without_sort_key_is_checked_before_the_index_keys(self):
        self.invalid("Table KeySchema does not have a range key, which is required when specifying a "
                     "LocalSecondaryIndex", keys=("a",),
                     lsis=[{"IndexName": "abc", "KeySchema": [{"AttributeName": "c", "KeyType": "RANGE"}],
                            "Projection": {"ProjectionType": "ALL"}}])

    def test_lsi_without_range_key(self):
        self.invalid("Index KeySchema does not have a range key for index: abc",
                     lsis=[{"IndexName": "abc", "KeySchema": key_schema("a"), "Projection": {"ProjectionType": "ALL"}}])

    def test_lsi_with_another_hash_key(self):
        self.invalid("Index KeySchema does not have the same leading hash key as table KeySchema for index: abc. "
                     "index hash key: b, table hash key: a", lsis=[lsi("abc", "b", "a")])

    def test_index_key_without_definition(self):
        for kind in ("lsis", "gsis"):
            with self.subTest(kind=kind):
                self.invalid(regex=r"Some index key attributes are not defined in AttributeDefinitions\. "
                                   r"Keys: \[(a, c|c, a)\], AttributeDefinitions: \[(a, b|b, a)\]",
                             **{kind: [gsi("abc", "a", "c")]})

    def test_index_key_schema_shapes(self):
        index = {"IndexName": "abc", "Projection": {"ProjectionType": "ALL"}}
        for kind in ("lsis", "gsis"):
            for schema in ([{"AttributeName": "a", "KeyType": "RANGE"}],
                           [{"AttributeName": "b", "KeyType": "RANGE"}, {"AttributeName": "a", "KeyType": "HASH"}]):
                with self.subTest(kind=kind, schema=schema):
                    self.assertValidation(lambda: self.create(**{kind: [dict(index, KeySchema=schema)]}),
                                          "Invalid KeySchema: The first KeySchemaElement is not a HASH key type")
        # (GSIs now take multi-attribute keys, with their own messages; the
        # LSI rules are the classic ones.)
        self.assertValidation(lambda: self.create(lsis=[dict(index, KeySchema=key_schema("a", "a"))]),
                              "Both the Hash Key and the Range Key element in the KeySchema have the same name")

    def test_lsi_second_key_not_range(self):
        self.assertValidation(
            lambda: self.create(lsis=[{"IndexName": "abc", "Projection": {"ProjectionType": "ALL"},
                                       "KeySchema": [{"AttributeName": "a", "KeyType": "HASH"},
                                                     {"AttributeName": "b", "KeyType": "HASH"}]}]),
            "Invalid KeySchema: The second KeySchemaElement is not a RANGE key type")

    def test_projection_without_type(self):
        for kind in ("lsis", "gsis"):
            for projection in ({}, {"NonKeyAttributes": ["x"]}):
                with self.subTest(kind=kind, projection=projection):
                    self.invalid("Unknown ProjectionType: null",
                                 **{kind: [{"IndexName": "abc", "KeySchema": key_schema("a", "b"),
                                            "Projection": projection}]})

    def test_non_key_attributes_with_all_or_keys_only(self):
        for kind in ("lsis", "gsis"):
            for projection in ("ALL", "KEYS_ONLY"):
                with self.subTest(kind=kind, projection=projection):
                    self.invalid("ProjectionType is %s, but NonKeyAttributes is specified" % projection,
                                 **{kind: [gsi("abc", "a", "b", projection, ["x"])]})

    def test_include_without_non_key_attributes(self):
        for kind in ("lsis", "gsis"):
            with self.subTest(kind=kind):
                self.invalid("ProjectionType is INCLUDE, but NonKeyAttributes is not specified",
                             **{kind: [gsi("abc", "a", "b", "INCLUDE")]})

    def test_duplicate_non_key_attribute(self):
        self.invalid("Duplicate element in NonKeyAttributes: x",
                     gsis=[gsi("abc", "b", None, "INCLUDE", ["x", "y", "x"])])

    def test_projection_constraints(self):
        self.assertValidationList(
            lambda: self.create(lsis=[gsi("abc", "a", "b", "abc", [])]),
            ["Value 'abc' at 'localSecondaryIndexes.1.member.projection.projectionType' failed to satisfy "
             "constraint: Member must satisfy enum value set: [ALL, INCLUDE, KEYS_ONLY]",
             "Value '[]' at 'localSecondaryIndexes.1.member.projection.nonKeyAttributes' failed to satisfy "
             "constraint: Member must have length greater than or equal to 1"])

    def test_missing_index_members(self):
        self.assertValidationList(
            lambda: self.create(gsis=[{}]),
            ["Value null at 'globalSecondaryIndexes.1.member.indexName' failed to satisfy constraint: "
             "Member must not be null",
             "Value null at 'globalSecondaryIndexes.1.member.keySchema' failed to satisfy constraint: "
             "Member must not be null",
             "Value null at 'globalSecondaryIndexes.1.member.projection' failed to satisfy constraint: "
             "Member must not be null"])

    def test_index_name_constraints(self):
        long_name = "a" * 256
        self.assertValidationList(
            lambda: self.create(lsis=[{"IndexName": "h;", "KeySchema": [], "Projection": {"ProjectionType": "ALL"}},
                                      lsi(long_name, "a", "b")]),
            ["Value 'h;' at 'localSecondaryIndexes.1.member.indexName' failed to satisfy constraint: Member must "
             "satisfy regular expression pattern: [a-zA-Z0-9_.-]+",
             "Value 'h;' at 'localSecondaryIndexes.1.member.indexName' failed to satisfy constraint: Member must "
             "have length greater than or equal to 3",
             "Value '[]' at 'localSecondaryIndexes.1.member.keySchema' failed to satisfy constraint: Member must "
             "have length greater than or equal to 1",
             "Value '%s' at 'localSecondaryIndexes.2.member.indexName' failed to satisfy constraint: Member must "
             "have length less than or equal to 255" % long_name])

    def test_duplicate_index_names(self):
        self.invalid("Duplicate index name: abc", lsis=[lsi("abc", "a", "b"), lsi("abc", "a", "b")])
        self.invalid("Duplicate index name: abc", gsis=[gsi("abc", "b"), gsi("abc", "a", "b")])
        self.invalid("Duplicate index name: abc", lsis=[lsi("abc", "a", "b")], gsis=[gsi("abc", "b")])

    def test_too_many_indexes(self):
        self.invalid("Number of LocalSecondaryIndexes exceeds per-table limit of 5",
                     lsis=[lsi("abc%d" % i, "a", "b") for i in range(6)])
        self.invalid("GlobalSecondaryIndex count exceeds the per-table limit of 20",
                     gsis=[gsi("abc%d" % i, "b") for i in range(21)])

    def test_gsi_throughput_and_billing_mode(self):
        self.invalid("ProvisionedThroughput should not be specified for index: abc when BillingMode is "
                     "PAY_PER_REQUEST",
                     gsis=[gsi("abc", "b", throughput={"ReadCapacityUnits": 1, "WriteCapacityUnits": 1})])
        self.invalid("ProvisionedThroughput is not specified for index: abc", billing="PROVISIONED",
                     gsis=[gsi("abc", "b")])

    def test_gsi_throughput_constraints(self):
        self.assertValidationList(
            lambda: self.create(billing="PROVISIONED", gsis=[gsi("abc", "b", throughput={"ReadCapacityUnits": 0,
                                                                                        "WriteCapacityUnits": 0})]),
            ["Value '0' at 'globalSecondaryIndexes.1.member.provisionedThroughput.writeCapacityUnits' failed to "
             "satisfy constraint: Member must have value greater than or equal to 1",
             "Value '0' at 'globalSecondaryIndexes.1.member.provisionedThroughput.readCapacityUnits' failed to "
             "satisfy constraint: Member must have value greater than or equal to 1"])

    def test_unused_attribute_definitions_with_indexes(self):
        self.invalid(regex=r"Some AttributeDefinitions are not used\. AttributeDefinitions: \[[abc, ]+\], "
                           r"keys used: \[(a, b|b, a)\]",
                     attributes={"a": "S", "b": "S", "c": "S"}, gsis=[gsi("abc", "b")])

    def test_unused_attribute_definition_masks_other_index_errors(self):
        self.invalid(regex=r"Some AttributeDefinitions are not used\. .*",
                     attributes={"a": "S", "b": "S", "c": "S"}, gsis=[{"IndexName": "abc", "KeySchema": key_schema("b"),
                                                                       "Projection": {}}])


class WriteMaintenanceTest(IndexTestBase):
    """Index entries follow PutItem, UpdateItem, DeleteItem and
    BatchWriteItem; an item without the index keys is not in the index."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.table = cls.create_indexed_table(
            "maint", {"pk": "S", "sk": "S", "gpk": "S", "gsk": "N", "lsk": "S"},
            gsis=[gsi("gsi", "gpk", "gsk"), gsi("gsi_keys", "gpk", projection="KEYS_ONLY")],
            lsis=[lsi("lsi", "pk", "lsk", "INCLUDE", ["v"])])

    def setUp(self):
        self.pk = unique_name("p")
        self.group = unique_name("g")

    def in_gsi(self, group=None, **kw):
        items = self.query_index(self.table, "gsi", "gpk = :g", {":g": s(group or self.group)}, **kw)["Items"]
        return by_table_key(items)

    def in_keys_gsi(self, group=None):
        page = self.query_index(self.table, "gsi_keys", "gpk = :g", {":g": s(group or self.group)})
        return by_table_key(page["Items"])

    def in_lsi(self):
        return self.query_index(self.table, "lsi", "pk = :p", {":p": s(self.pk)}, ConsistentRead=True)["Items"]

    def item(self, sk, gsk=None, **extra):
        item = {"pk": s(self.pk), "sk": s(sk), "gpk": s(self.group)}
        if gsk is not None:
            item["gsk"] = n(gsk)
        item.update(extra)
        return item

    def test_put_adds_and_replaces_entries(self):
        first = self.item("a", 1, v=s("one"))
        self.put(self.table, first)
        self.assertEqual(self.in_gsi(), [first])
        self.assertEqual(self.in_keys_gsi(), [{"pk": s(self.pk), "sk": s("a"), "gpk": s(self.group)}])
        replaced = self.item("a", 1, v=s("two"), w=n(2))
        self.put(self.table, replaced)
        self.assertEqual(self.in_gsi(), [replaced])

    def test_put_without_index_keys_leaves_the_index(self):
        self.put(self.table, self.item("a", 1))
        self.put(self.table, {"pk": s(self.pk), "sk": s("a"), "extra": s("x")})
        self.assertEqual(self.in_gsi(), [])
        self.assertEqual(self.in_keys_gsi(), [])
        self.assertEqual(self.get(self.table, {"pk": s(self.pk), "sk": s("a")}),
                         {"pk": s(self.pk), "sk": s("a"), "extra": s("x")})

    def test_gsi_needs_both_index_keys(self):
        # gk needs only gpk; g needs gpk and gsk.
        self.put(self.table, self.item("a"))
        self.assertEqual(self.in_gsi(), [])
        self.assertEqual(len(self.in_keys_gsi()), 1)
        self.put(self.table, {"pk": s(self.pk), "sk": s("b"), "gsk": n(5)})
        self.assertEqual(self.in_gsi(), [])

    def test_update_changes_the_index_sort_key(self):
        self.put(self.table, self.item("a", 1, v=s("x")))
        self.ddb.update_item(TableName=self.table, Key={"pk": s(self.pk), "sk": s("a")},
                             UpdateExpression="SET gsk = :k", ExpressionAttributeValues={":k": n(7)})
        q = lambda k: self.query_index(self.table, "gsi", "gpk = :g AND gsk = :k",
                                       {":g": s(self.group), ":k": n(k)})["Items"]
        self.assertEqual(q(1), [])
        self.assertEqual(q(7), [self.item("a", 7, v=s("x"))])
        self.assertEqual(len(self.in_gsi()), 1)

    def test_update_moves_the_item_to_another_index_partition(self):
        self.put(self.table, self.item("a", 1))
        other = unique_name("g")
        self.ddb.update_item(TableName=self.table, Key={"pk": s(self.pk), "sk": s("a")},
                             UpdateExpression="SET gpk = :g", ExpressionAttributeValues={":g": s(other)})
        self.assertEqual(self.in_gsi(), [])
        self.assertEqual(self.in_keys_gsi(), [])
        self.assertEqual(self.in_gsi(other), [{"pk": s(self.pk), "sk": s("a"), "gpk": s(other), "gsk": n(1)}])
        self.assertEqual(len(self.in_keys_gsi(other)), 1)

    def test_removing_an_index_key_makes_the_item_sparse(self):
        self.put(self.table, self.item("a", 1, lsk=s("l1"), v=s("x")))
        self.ddb.update_item(TableName=self.table, Key={"pk": s(self.pk), "sk": s("a")},
                             UpdateExpression="REMOVE gsk, lsk")
        self.assertEqual(self.in_gsi(), [])
        self.assertEqual(self.in_lsi(), [])
        self.assertEqual(len(self.in_keys_gsi()), 1)  # gk only needs gpk
        self.ddb.update_item(TableName=self.table, Key={"pk": s(self.pk), "sk": s("a")},
                             UpdateExpression="SET gsk = :k, lsk = :l",
                             ExpressionAttributeValues={":k": n(3), ":l": s("l3")})
        self.assertEqual(self.in_gsi(), [self.item("a", 3, lsk=s("l3"), v=s("x"))])
        self.assertEqual(self.in_lsi(), [{"pk": s(self.pk), "sk": s("a"), "lsk": s("l3"), "v": s("x")}])

    def test_update_of_a_projected_attribute_updates_the_entry(self):
        self.put(self.table, self.item("a", 1, lsk=s("l"), v=s("old"), w=s("w")))
        self.ddb.update_item(TableName=self.table, Key={"pk": s(self.pk), "sk": s("a")},
                             UpdateExpression="SET v = :v REMOVE w", ExpressionAttributeValues={":v": s("new")})
        self.assertEqual(self.in_gsi(), [self.item("a", 1, lsk=s("l"), v=s("new"))])
        self.assertEqual(self.in_lsi(), [{"pk": s(self.pk), "sk": s("a"), "lsk": s("l"), "v": s("new")}])

    def test_update_creating_an_item(self):
        self.ddb.update_item(TableName=self.table, Key={"pk": s(self.pk), "sk": s("new")},
                             UpdateExpression="SET gpk = :g, gsk = :k",
                             ExpressionAttributeValues={":g": s(self.group), ":k": n(9)})
        self.assertEqual(self.in_gsi(), [{"pk": s(self.pk), "sk": s("new"), "gpk": s(self.group), "gsk": n(9)}])

    def test_delete_removes_the_entries(self):
        self.put(self.table, self.item("a", 1, lsk=s("l")))
        self.put(self.table, self.item("b", 2, lsk=s("m")))
        self.ddb.delete_item(TableName=self.table, Key={"pk": s(self.pk), "sk": s("a")})
        self.assertEqual(self.in_gsi(), [self.item("b", 2, lsk=s("m"))])
        self.assertEqual([it["sk"] for it in self.in_lsi()], [s("b")])
        self.assertEqual([it["sk"] for it in self.in_keys_gsi()], [s("b")])

    def test_failed_conditional_writes_leave_the_index_alone(self):
        self.put(self.table, self.item("a", 1, v=s("x")))
        self.assertConditionFailed(lambda: self.ddb.update_item(
            TableName=self.table, Key={"pk": s(self.pk), "sk": s("a")}, UpdateExpression="SET gsk = :k",
            ConditionExpression="v = :no", ExpressionAttributeValues={":k": n(2), ":no": s("no")}))
        self.assertConditionFailed(lambda: self.ddb.delete_item(
            TableName=self.table, Key={"pk": s(self.pk), "sk": s("a")}, ConditionExpression="attribute_not_exists(v)"))
        self.assertEqual(self.in_gsi(), [self.item("a", 1, v=s("x"))])

    def test_batch_write_puts_and_deletes(self):
        items = [self.item("%02d" % i, i % 4, lsk=s("l%02d" % i)) for i in range(30)]
        self.write_all(self.table, items)
        self.assertEqual(self.in_gsi(), items)
        self.assertEqual(len(self.in_lsi()), 30)
        deletes = [{"DeleteRequest": {"Key": {"pk": s(self.pk), "sk": s("%02d" % i)}}} for i in range(0, 30, 3)]
        puts = [{"PutRequest": {"Item": {"pk": s(self.pk), "sk": s("%02d" % i)}}} for i in range(1, 30, 3)]
        self.ddb.batch_write_item(RequestItems={self.table: deletes + puts})
        self.assertEqual(self.in_gsi(), [it for i, it in enumerate(items) if i % 3 == 2])
        self.assertEqual(len(self.in_lsi()), 10)
        self.assertEqual(len(self.in_keys_gsi()), 10)

    def test_resource_batch_writer(self):
        table = make_resource(self.endpoint).Table(self.table)
        with table.batch_writer() as writer:
            for i in range(40):
                writer.put_item(Item={"pk": self.pk, "sk": "%02d" % i, "gpk": self.group, "gsk": Decimal(i % 5)})
        resp = table.query(IndexName="gsi", KeyConditionExpression=Key("gpk").eq(self.group) & Key("gsk").eq(3))
        self.assertEqual(sorted(it["sk"] for it in resp["Items"]), ["%02d" % i for i in range(40) if i % 5 == 3])


class QueryIndexTest(IndexTestBase):
    """Query on a GSI and an LSI: sort-key conditions, both directions,
    paging to the end, duplicate index keys."""

    COUNT = 30

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.table = cls.create_indexed_table(
            "qix", {"pk": "S", "sk": "S", "gpk": "S", "gsk": "N", "lsk": "S"},
            gsis=[gsi("gsi", "gpk", "gsk"), gsi("gsi_hash", "gpk", projection="KEYS_ONLY")],
            lsis=[lsi("lsi", "pk", "lsk")])
        cls.group = unique_name("grp")
        cls.pk = unique_name("lp")
        # Items of one GSI partition spread over several table partitions;
        # every gsk value is shared by two items.
        cls.items = [{"pk": s("%s-%d" % (cls.group, i % 7)), "sk": s("s%03d" % i), "gpk": s(cls.group),
                      "gsk": n(i // 2), "v": n(i)} for i in range(cls.COUNT)]
        # One table partition with LSI keys; every third item has none.
        cls.lsi_items = [{"pk": s(cls.pk), "sk": s("s%03d" % i), "v": n(i)} for i in range(cls.COUNT)]
        for i, item in enumerate(cls.lsi_items):
            if i % 3:
                item["lsk"] = s("%s#%02d" % ("ab"[i % 2], 29 - i))
        # Neighbouring index partitions must never leak into the pages.
        neighbours = [{"pk": s(unique_name("nb")), "sk": s("x"), "gpk": s(g), "gsk": n(1)}
                      for g in (cls.group + "x", cls.group[:-1], "a" + cls.group)]
        items = cls.items + cls.lsi_items + neighbours
        for i in range(0, len(items), 25):
            cls.ddb.batch_write_item(RequestItems={cls.table: [{"PutRequest": {"Item": it}} for it in items[i:i + 25]]})
        cls.lsi_expected = sorted((it for it in cls.lsi_items if "lsk" in it), key=lambda it: it["lsk"]["S"])

    def gsi_query(self, condition=None, values=None, **kw):
        expression = "gpk = :g" if condition is None else "gpk = :g AND " + condition
        return self.query_index(self.table, "gsi", expression, dict({":g": s(self.group)}, **(values or {})), **kw)

    def gsi_pages(self, condition=None, values=None, **kw):
        return self.pages(lambda **a: self.gsi_query(condition, values, **a), **kw)

    def lsi_query(self, condition=None, values=None, **kw):
        expression = "pk = :p" if condition is None else "pk = :p AND " + condition
        return self.query_index(self.table, "lsi", expression, dict({":p": s(self.pk)}, **(values or {})), **kw)

    def lsi_pages(self, condition=None, values=None, **kw):
        return self.pages(lambda **a: self.lsi_query(condition, values, **a), **kw)

    def assertIndexOrder(self, items, forward=True, key="gsk"):
        values = [Decimal(it[key]["N"]) if "N" in it[key] else it[key]["S"] for it in items]
        self.assertEqual(values, sorted(values, reverse=not forward))

    def test_whole_gsi_partition_in_index_order(self):
        for forward in (True, False):
            with self.subTest(forward=forward):
                page = self.gsi_query(ScanIndexForward=forward)
                self.assertEqual((page["Count"], page["ScannedCount"]), (self.COUNT, self.COUNT))
                self.assertNotIn("LastEvaluatedKey", page)
                self.assertIndexOrder(page["Items"], forward)
                self.assertEqual(by_table_key(page["Items"]), by_table_key(self.items))

    def test_gsi_sort_key_conditions(self):
        checks = {"gsk = :v": lambda k, v: k == v, "gsk < :v": lambda k, v: k < v, "gsk <= :v": lambda k, v: k <= v,
                  "gsk > :v": lambda k, v: k > v, "gsk >= :v": lambda k, v: k >= v}
        for condition, check in checks.items():
            for v in (-1, 0, 3, 7, 14, 15):
                for forward in (True, False):
                    with self.subTest(condition=condition, v=v, forward=forward):
                        page = self.gsi_query(condition, {":v": n(v)}, ScanIndexForward=forward)
                        want = [it for it in self.items if check(int(it["gsk"]["N"]), v)]
                        self.assertEqual(by_table_key(page["Items"]), by_table_key(want))
                        self.assertIndexOrder(page["Items"], forward)
                        self.assertEqual(page["ScannedCount"], len(want))

    def test_gsi_between(self):
        for lo, hi in ((0, 0), (2, 5), (-10, 1), (14, 99), (6, 6), (20, 30)):
            with self.subTest(lo=lo, hi=hi):
                page = self.gsi_query("gsk BETWEEN :lo AND :hi", {":lo": n(lo), ":hi": n(hi)})
                want = [it for it in self.items if lo <= int(it["gsk"]["N"]) <= hi]
                self.assertEqual(by_table_key(page["Items"]), by_table_key(want))

    def test_duplicate_index_keys_are_all_returned(self):
        page = self.gsi_query("gsk = :v", {":v": n(4)})
        self.assertEqual(by_table_key(page["Items"]), by_table_key(self.items[8:10]))
        # Paging through two items with the same index key.
        pages = self.gsi_pages("gsk = :v", {":v": n(4)}, Limit=1)
        self.assertIndexPaging(pages, self.items[8:10], 1, ("pk", "sk", "gpk", "gsk"))

    def test_gsi_paging_every_limit_both_directions(self):
        for forward in (True, False):
            for limit in range(1, self.COUNT + 2):
                with self.subTest(forward=forward, limit=limit):
                    pages = self.gsi_pages(Limit=limit, ScanIndexForward=forward)
                    self.assertIndexPaging(pages, self.items, limit, ("pk", "sk", "gpk", "gsk"))
                    self.assertIndexOrder(self.all_items(pages), forward)

    def test_gsi_paging_with_sort_key_condition(self):
        want = [it for it in self.items if 3 <= int(it["gsk"]["N"]) <= 11]
        for forward in (True, False):
            for limit in (1, 2, 3, 5, 17, 18, 19):
                with self.subTest(forward=forward, limit=limit):
                    pages = self.gsi_pages("gsk BETWEEN :lo AND :hi", {":lo": n(3), ":hi": n(11)}, Limit=limit,
                                           ScanIndexForward=forward)
                    self.assertIndexPaging(pages, want, limit, ("pk", "sk", "gpk", "gsk"))
                    self.assertIndexOrder(self.all_items(pages), forward)

    def test_gsi_filter_and_count(self):
        page = self.gsi_query("gsk >= :v", {":v": n(5), ":neg": n(0)}, FilterExpression="v < :neg", Select="COUNT")
        self.assertNotIn("Items", page)
        self.assertEqual((page["Count"], page["ScannedCount"]), (0, 20))
        # Limit counts entries before the filter: the first 25 in gsk order
        # are v 0..23 and one of the two items with gsk 12 (v 24 or 25).
        page = self.gsi_query(values={":x": n(20)}, FilterExpression="v >= :x", Limit=25)
        self.assertEqual((page["Count"], page["ScannedCount"]), (5, 25))
        self.assertTrue(all(20 <= int(it["v"]["N"]) <= 25 for it in page["Items"]))

    def test_hash_only_gsi(self):
        pages = self.pages(lambda **a: self.query_index(self.table, "gsi_hash", "gpk = :g", {":g": s(self.group)},
                                                        **a), Limit=4)
        keys_only = [{"pk": it["pk"], "sk": it["sk"], "gpk": it["gpk"]} for it in self.items]
        self.assertIndexPaging(pages, keys_only, 4, ("pk", "sk", "gpk"))
        self.assertEqual(by_table_key(self.all_items(pages)), by_table_key(keys_only))

    def test_legacy_key_conditions_on_the_index(self):
        page = self.ddb.query(TableName=self.table, IndexName="gsi", KeyConditions={
            "gpk": {"ComparisonOperator": "EQ", "AttributeValueList": [s(self.group)]},
            "gsk": {"ComparisonOperator": "BETWEEN", "AttributeValueList": [n(1), n(2)]}})
        self.assertEqual(by_table_key(page["Items"]), by_table_key(self.items[2:6]))

    def test_resource_query_and_paginator(self):
        table = make_resource(self.endpoint).Table(self.table)
        resp = table.query(IndexName="gsi", KeyConditionExpression=Key("gpk").eq(self.group) & Key("gsk").lt(2),
                           ScanIndexForward=False)
        self.assertEqual(sorted(int(it["v"]) for it in resp["Items"]), [0, 1, 2, 3])
        self.assertEqual([it["gsk"] for it in resp["Items"]], [1, 1, 0, 0])
        seen = []
        for page in self.ddb.get_paginator("query").paginate(
                TableName=self.table, IndexName="gsi", KeyConditionExpression="gpk = :g",
                ExpressionAttributeValues={":g": s(self.group)}, PaginationConfig={"PageSize": 7}):
            self.assertLessEqual(page["Count"], 7)
            seen.extend(page["Items"])
        self.assertEqual(by_table_key(seen), by_table_key(self.items))

    def test_lsi_order_conditions_and_sparseness(self):
        for forward in (True, False):
            with self.subTest(forward=forward):
                page = self.lsi_query(ScanIndexForward=forward)
                want = self.lsi_expected if forward else list(reversed(self.lsi_expected))
                self.assertEqual(page["Items"], want)
        page = self.lsi_query("begins_with(lsk, :pre)", {":pre": s("a#")})
        self.assertEqual(page["Items"], [it for it in self.lsi_expected if it["lsk"]["S"].startswith("a#")])
        page = self.lsi_query("lsk BETWEEN :lo AND :hi", {":lo": s("a#05"), ":hi": s("b#10")}, ScanIndexForward=False)
        self.assertEqual(page["Items"], list(reversed([it for it in self.lsi_expected
                                                       if "a#05" <= it["lsk"]["S"] <= "b#10"])))
        page = self.lsi_query("lsk > :v", {":v": s("b#20")}, ConsistentRead=True)
        self.assertEqual(page["Items"], [it for it in self.lsi_expected if it["lsk"]["S"] > "b#20"])

    def test_lsi_paging_every_limit(self):
        for forward in (True, False):
            want = self.lsi_expected if forward else list(reversed(self.lsi_expected))
            for limit in range(1, len(want) + 2):
                with self.subTest(forward=forward, limit=limit):
                    pages = self.lsi_pages(Limit=limit, ScanIndexForward=forward)
                    self.assertIndexPaging(pages, want, limit, ("pk", "sk", "lsk"))
                    self.assertEqual(self.all_items(pages), want)

    def test_resume_from_an_index_key(self):
        # Turning around at any LastEvaluatedKey reads the entries before it.
        ordered = self.lsi_expected
        for position in (0, 5, len(ordered) - 1):
            start = {k: ordered[position][k] for k in ("pk", "sk", "lsk")}
            after = self.lsi_query(ExclusiveStartKey=start)["Items"]
            before = self.lsi_query(ExclusiveStartKey=start, ScanIndexForward=False)["Items"]
            self.assertEqual(after, ordered[position + 1:])
            self.assertEqual(before, list(reversed(ordered[:position])))

    # ---- errors -------------------------------------------------------------

    def test_key_condition_must_use_the_index_keys(self):
        self.assertValidation(lambda: self.query_index(self.table, "gsi", "pk = :p", {":p": s("x")}),
                              "Query condition missed key schema element: gpk")
        self.assertValidation(lambda: self.query_index(self.table, "gsi", "gpk = :g AND sk = :p",
                                                       {":g": s("x"), ":p": s("x")}),
                              "Query condition missed key schema element: gsk")
        self.assertValidation(lambda: self.query_index(self.table, "gsi_hash", "gpk = :g AND gsk = :k",
                                                       {":g": s("x"), ":k": n(1)}),
                              "Query key condition not supported")
        self.assertValidation(lambda: self.query_index(self.table, "lsi", "pk = :p AND sk = :s",
                                                       {":p": s("x"), ":s": s("x")}),
                              "Query condition missed key schema element: lsk")

    def test_key_condition_value_types(self):
        self.assertValidation(lambda: self.query_index(self.table, "gsi", "gpk = :g AND gsk = :k",
                                                       {":g": s("x"), ":k": s("1")}),
                              INVALID + "Condition parameter type does not match schema type")
        self.assertValidation(lambda: self.query_index(self.table, "gsi", "gpk = :g", {":g": n(1)}),
                              INVALID + "Condition parameter type does not match schema type")

    def test_start_key_missing_index_or_table_attributes(self):
        group = s(self.group)
        for key in ({}, {"gpk": group}, {"gpk": group, "gsk": n(1)}, {"pk": s("a"), "sk": s("b")},
                    {"pk": s("a"), "sk": s("b"), "gpk": group},
                    {"pk": s("a"), "sk": s("b"), "gsk": n(1), "z": s("x")},
                    {"pk": s("a"), "sk": s("b"), "gpk": group, "gsk": n(1), "z": s("x")}):
            with self.subTest(key=key):
                self.assertValidation(lambda: self.gsi_query(ExclusiveStartKey=key), BAD_START_KEY)

    def test_start_key_index_attribute_of_the_wrong_type(self):
        self.assertValidation(
            lambda: self.gsi_query(ExclusiveStartKey={"pk": s("a"), "sk": s("b"), "gpk": s(self.group),
                                                      "gsk": s("1")}), KEY_SCHEMA_MISMATCH)
        self.assertValidation(
            lambda: self.lsi_query(ExclusiveStartKey={"pk": s(self.pk), "sk": s("b"), "lsk": n(1)}),
            KEY_SCHEMA_MISMATCH)

    def test_start_key_outside_the_queried_index_partition(self):
        other = {"pk": s("a"), "sk": s("b"), "gpk": s(self.group + "x"), "gsk": n(1)}
        self.assertValidation(lambda: self.gsi_query(ExclusiveStartKey=other),
                              "The provided starting key is outside query boundaries based on provided conditions")
        self.assertValidation(
            lambda: self.lsi_query(ExclusiveStartKey={"pk": s(self.pk + "x"), "sk": s("b"), "lsk": s("a#01")}),
            "The provided starting key is outside query boundaries based on provided conditions")
        self.assertValidation(lambda: self.gsi_query("gsk = :k", {":k": n(1)}, ExclusiveStartKey=other),
                              "The query can return at most one row and cannot be restarted")

    def test_start_key_outside_the_index_sort_key_condition(self):
        start = {"pk": s("a"), "sk": s("b"), "gpk": s(self.group), "gsk": n(3)}
        self.assertValidation(lambda: self.gsi_query("gsk > :k", {":k": n(5)}, ExclusiveStartKey=start),
                              "The provided starting key does not match the range key predicate")
        self.assertValidation(
            lambda: self.lsi_query("lsk > :v", {":v": s("b#")},
                                   ExclusiveStartKey={"pk": s(self.pk), "sk": s("s028"), "lsk": s("a#01")}),
            "The provided starting key does not match the range key predicate")

    def test_filter_on_an_index_key_attribute(self):
        self.assertValidation(lambda: self.gsi_query(values={":k": n(1)}, FilterExpression="gsk = :k"),
                              "Filter Expression can only contain non-primary key attributes: Primary key "
                              "attribute: gsk")
        self.assertValidation(
            lambda: self.ddb.query(TableName=self.table, IndexName="gsi", KeyConditions={
                "gpk": {"ComparisonOperator": "EQ", "AttributeValueList": [s(self.group)]}},
                QueryFilter={"gsk": {"ComparisonOperator": "EQ", "AttributeValueList": [n(1)]}}),
            "QueryFilter can only contain non-primary key attributes: Primary key attribute: gsk")

    def test_start_key_table_attribute_of_the_wrong_type(self):
        self.assertValidation(
            lambda: self.gsi_query(ExclusiveStartKey={"pk": s("a"), "sk": n(1), "gpk": s(self.group), "gsk": n(1)}),
            BAD_START_KEY + ": " + KEY_SCHEMA_MISMATCH)
        # The right number of attributes, but not the table's key.
        self.assertValidation(
            lambda: self.gsi_query(ExclusiveStartKey={"x": s("a"), "y": s("b"), "gpk": s(self.group), "gsk": n(1)}),
            BAD_START_KEY + ": " + KEY_SCHEMA_MISMATCH)
        self.assertValidation(
            lambda: self.lsi_query(ExclusiveStartKey={"pk": s(self.pk), "sk": n(1), "lsk": s("a")}),
            BAD_START_KEY + ": " + KEY_SCHEMA_MISMATCH)


class ScanIndexTest(IndexTestBase):
    """Scan with IndexName: only the items in the index, each once, across
    pages and parallel segments."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.table = cls.create_indexed_table(
            "six", {"pk": "S", "sk": "S", "gpk": "S", "lsk": "N"},
            gsis=[gsi("gsi", "gpk"), gsi("gsi_keys", "gpk", projection="KEYS_ONLY")],
            lsis=[lsi("lsi", "pk", "lsk")])
        cls.items = []
        for p in range(40):
            for k in range(1 + p % 4):
                item = {"pk": s("p%02d" % p), "sk": s("s%d" % k), "v": n(p * 10 + k)}
                if (p + k) % 3:
                    item["gpk"] = s("g%d" % ((p * 7 + k) % 11))
                if k % 2 == 0:
                    item["lsk"] = n(p - k)
                cls.items.append(item)
        for i in range(0, len(cls.items), 25):
            cls.ddb.batch_write_item(RequestItems={cls.table: [{"PutRequest": {"Item": it}}
                                                               for it in cls.items[i:i + 25]]})
        cls.in_g = [it for it in cls.items if "gpk" in it]
        cls.in_l = [it for it in cls.items if "lsk" in it]

    def scan_pages(self, **kw):
        return self.pages(lambda **a: self.ddb.scan(TableName=self.table, **a), **kw)

    def test_scan_returns_only_indexed_items(self):
        for index, want in (("gsi", self.in_g), ("lsi", self.in_l)):
            with self.subTest(index=index):
                page = self.ddb.scan(TableName=self.table, IndexName=index)
                self.assertEqual(by_table_key(page["Items"]), by_table_key(want))
                self.assertEqual((page["Count"], page["ScannedCount"]), (len(want), len(want)))
                self.assertNotIn("LastEvaluatedKey", page)

    def test_scan_keys_only_index(self):
        page = self.ddb.scan(TableName=self.table, IndexName="gsi_keys")
        self.assertEqual(by_table_key(page["Items"]),
                         by_table_key([{k: it[k] for k in ("pk", "sk", "gpk")} for it in self.in_g]))

    def test_paging_every_item_exactly_once(self):
        for index, want, keys in (("gsi", self.in_g, ("pk", "sk", "gpk")),
                                  ("lsi", self.in_l, ("pk", "sk", "lsk"))):
            for limit in (1, 2, 7, 10, len(want) - 1, len(want), len(want) + 1):
                with self.subTest(index=index, limit=limit):
                    pages = self.scan_pages(IndexName=index, Limit=limit)
                    self.assertIndexPaging(pages, want, limit, keys)

    def test_pages_follow_the_order_of_one_scan(self):
        whole = self.ddb.scan(TableName=self.table, IndexName="gsi")["Items"]
        self.assertEqual(self.all_items(self.scan_pages(IndexName="gsi", Limit=6)), whole)
        # Entries of one index partition are adjacent.
        partitions = [it["gpk"]["S"] for it in whole]
        runs = [p for i, p in enumerate(partitions) if i == 0 or partitions[i - 1] != p]
        self.assertEqual(len(runs), len(set(partitions)))

    def test_parallel_segments(self):
        for index, want in (("gsi", self.in_g), ("gsi_keys", self.in_g), ("lsi", self.in_l)):
            for total in (1, 2, 3, 5, 8):
                with self.subTest(index=index, total=total):
                    seen = Counter()
                    owner = {}
                    for segment in range(total):
                        pages = self.scan_pages(IndexName=index, Segment=segment, TotalSegments=total, Limit=5)
                        for item in self.all_items(pages):
                            seen[table_key(item)] += 1
                            # An index partition never spans segments.
                            part = item["gpk"]["S"] if index != "lsi" else item["pk"]["S"]
                            self.assertEqual(owner.setdefault(part, segment), segment)
                    self.assertEqual(seen, Counter(map(table_key, want)))

    def test_filter_count_and_select(self):
        page = self.ddb.scan(TableName=self.table, IndexName="gsi", FilterExpression="v < :x",
                             ExpressionAttributeValues={":x": n(100)}, Select="COUNT")
        self.assertEqual((page["Count"], page["ScannedCount"]),
                         (len([it for it in self.in_g if int(it["v"]["N"]) < 100]), len(self.in_g)))

    def test_resource_scan_of_an_index(self):
        table = make_resource(self.endpoint).Table(self.table)
        items, start = [], None
        while True:
            kw = {"ExclusiveStartKey": start} if start else {}
            resp = table.scan(IndexName="lsi", Limit=9, FilterExpression=Attr("lsk").gte(10), **kw)
            items.extend(resp["Items"])
            start = resp.get("LastEvaluatedKey")
            if not start:
                break
            self.assertEqual(set(start), {"pk", "sk", "lsk"})
        self.assertEqual(sorted((it["pk"], it["sk"]) for it in items),
                         sorted((it["pk"]["S"], it["sk"]["S"]) for it in self.in_l if int(it["lsk"]["N"]) >= 10))

    def test_consistent_read(self):
        self.assertValidation(lambda: self.ddb.scan(TableName=self.table, IndexName="gsi", ConsistentRead=True),
                              "Consistent reads are not supported on global secondary indexes")
        page = self.ddb.scan(TableName=self.table, IndexName="lsi", ConsistentRead=True)
        self.assertEqual(page["Count"], len(self.in_l))

    def test_start_key_errors(self):
        self.assertValidation(lambda: self.ddb.scan(TableName=self.table, IndexName="gsi",
                                                    ExclusiveStartKey={"pk": s("p01"), "sk": s("s0")}), BAD_START_KEY)
        self.assertValidation(lambda: self.ddb.scan(TableName=self.table, IndexName="gsi",
                                                    ExclusiveStartKey={"pk": s("p01"), "sk": s("s0"), "gpk": n(1)}),
                              KEY_SCHEMA_MISMATCH)
        self.assertValidation(lambda: self.ddb.scan(TableName=self.table, IndexName="lsi",
                                                    ExclusiveStartKey={"pk": s("p01"), "sk": n(0), "lsk": n(1)}),
                              BAD_START_KEY + ": " + KEY_SCHEMA_MISMATCH)


class ProjectionTest(IndexTestBase):
    """What KEYS_ONLY, INCLUDE and ALL indexes return, Select on indexes,
    LSI fetches of unprojected attributes and the GSI rules."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.table = cls.create_indexed_table(
            "proj", {"pk": "S", "sk": "S", "gpk": "S", "lsk": "S"},
            gsis=[gsi("g_keys", "gpk", projection="KEYS_ONLY"),
                  gsi("g_inc", "gpk", projection="INCLUDE", non_key=["inc1", "inc2"]),
                  gsi("g_all", "gpk")],
            lsis=[lsi("l_keys", "pk", "lsk", "KEYS_ONLY"), lsi("l_inc", "pk", "lsk", "INCLUDE", ["inc1"])])
        cls.pk, cls.group = unique_name("pp"), unique_name("pg")
        cls.full = {"pk": s(cls.pk), "sk": s("1"), "gpk": s(cls.group), "lsk": s("a"), "inc1": s("i1"),
                    "inc2": n(2), "extra": s("o"), "m": {"M": {"x": n(1), "y": {"L": [s("y0")]}}}}
        cls.partial = {"pk": s(cls.pk), "sk": s("2"), "gpk": s(cls.group), "lsk": s("b"), "extra": s("p")}
        for item in (cls.full, cls.partial):
            cls.ddb.put_item(TableName=cls.table, Item=item)

    def gsi_query(self, index, client=None, **kw):
        return by_table_key(self.query_index(self.table, index, "gpk = :g", {":g": s(self.group)},
                                             client=client, **kw)["Items"])

    def lsi_query(self, index, client=None, **kw):
        return self.query_index(self.table, index, "pk = :p", {":p": s(self.pk)}, client=client, **kw)["Items"]

    @staticmethod
    def only(item, *names):
        return {k: v for k, v in item.items() if k in names}

    def test_keys_only_gsi(self):
        want = [self.only(it, "pk", "sk", "gpk") for it in (self.full, self.partial)]
        self.assertEqual(self.gsi_query("g_keys"), want)
        self.assertEqual(self.gsi_query("g_keys", Select="ALL_PROJECTED_ATTRIBUTES"), want)
        scanned = [it for it in self.ddb.scan(TableName=self.table, IndexName="g_keys")["Items"]
                   if it["gpk"] == s(self.group)]
        self.assertEqual(by_table_key(scanned), want)

    def test_include_gsi(self):
        self.assertEqual(self.gsi_query("g_inc"), [self.only(self.full, "pk", "sk", "gpk", "inc1", "inc2"),
                                                   self.only(self.partial, "pk", "sk", "gpk")])

    def test_all_gsi(self):
        self.assertEqual(self.gsi_query("g_all"), [self.full, self.partial])
        self.assertEqual(self.gsi_query("g_all", Select="ALL_ATTRIBUTES"), [self.full, self.partial])

    def test_projection_expression_within_the_projection(self):
        # Both items share the GSI key, so their order is not defined.
        query = lambda index, projection: self.query_index(self.table, index, "gpk = :g", {":g": s(self.group)},
                                                           ProjectionExpression=projection)["Items"]
        self.assertCountEqual(query("g_inc", "inc2, sk"), [{"sk": s("1"), "inc2": n(2)}, {"sk": s("2")}])
        self.assertCountEqual(query("g_all", "m.y[0], extra"),
                              [{"m": {"M": {"y": {"L": [s("y0")]}}}, "extra": s("o")}, {"extra": s("p")}])

    def test_select_all_attributes_on_a_gsi_that_does_not_project_all(self):
        for index in ("g_keys", "g_inc"):
            with self.subTest(index=index):
                message = (INVALID + "Select type ALL_ATTRIBUTES is not supported for global secondary index %s "
                           "because its projection type is not ALL" % index)
                self.assertValidation(lambda: self.gsi_query(index, Select="ALL_ATTRIBUTES"), message)
                self.assertValidation(lambda: self.ddb.scan(TableName=self.table, IndexName=index,
                                                            Select="ALL_ATTRIBUTES"), message)

    def test_lsi_projections(self):
        self.assertEqual(self.lsi_query("l_keys"),
                         [self.only(it, "pk", "sk", "lsk") for it in (self.full, self.partial)])
        self.assertEqual(self.lsi_query("l_inc"), [self.only(self.full, "pk", "sk", "lsk", "inc1"),
                                                   self.only(self.partial, "pk", "sk", "lsk")])
        self.assertEqual(self.lsi_query("l_inc", Select="ALL_PROJECTED_ATTRIBUTES"),
                         [self.only(self.full, "pk", "sk", "lsk", "inc1"), self.only(self.partial, "pk", "sk", "lsk")])

    def test_lsi_select_all_attributes_fetches_the_item(self):
        for index in ("l_keys", "l_inc"):
            with self.subTest(index=index):
                self.assertEqual(self.lsi_query(index, Select="ALL_ATTRIBUTES"), [self.full, self.partial])
                self.assertEqual(self.lsi_query(index, Select="ALL_ATTRIBUTES", ConsistentRead=True,
                                                ScanIndexForward=False), [self.partial, self.full])
        page = self.ddb.scan(TableName=self.table, IndexName="l_keys", Select="ALL_ATTRIBUTES",
                             FilterExpression="pk = :p", ExpressionAttributeValues={":p": s(self.pk)})
        self.assertEqual(by_table_key(page["Items"]), [self.full, self.partial])

    def test_lsi_projection_expression_fetches_unprojected_attributes(self):
        self.assertEqual(self.lsi_query("l_keys", ProjectionExpression="extra, lsk"),
                         [{"extra": s("o"), "lsk": s("a")}, {"extra": s("p"), "lsk": s("b")}])
        self.assertEqual(self.lsi_query("l_inc", ProjectionExpression="m.x, inc1"),
                         [{"m": {"M": {"x": n(1)}}, "inc1": s("i1")}, {}])
        page = self.ddb.query(TableName=self.table, IndexName="l_keys", AttributesToGet=["inc2", "sk"],
                              KeyConditions={"pk": {"ComparisonOperator": "EQ", "AttributeValueList": [s(self.pk)]}})
        self.assertEqual(page["Items"], [{"sk": s("1"), "inc2": n(2)}, {"sk": s("2")}])

    def test_select_count_on_indexes(self):
        for index in ("g_keys", "l_keys"):
            with self.subTest(index=index):
                if index.startswith("g"):
                    page = self.query_index(self.table, index, "gpk = :g", {":g": s(self.group)}, Select="COUNT")
                else:
                    page = self.query_index(self.table, index, "pk = :p", {":p": s(self.pk)}, Select="COUNT")
                self.assertEqual((page["Count"], page["ScannedCount"]), (2, 2))
                self.assertNotIn("Items", page)

    def test_consistent_read_on_a_gsi(self):
        for index in ("g_keys", "g_all"):
            with self.subTest(index=index):
                self.assertValidation(lambda: self.gsi_query(index, ConsistentRead=True),
                                      "Consistent reads are not supported on global secondary indexes")
        self.assertEqual(len(self.lsi_query("l_keys", ConsistentRead=True)), 2)

    def test_unknown_index(self):
        self.assertValidation(lambda: self.query_index(self.table, "nope", "pk = :p", {":p": s(self.pk)}),
                              "The table does not have the specified index: nope")
        self.assertValidation(lambda: self.ddb.scan(TableName=self.table, IndexName="nope"),
                              "The table does not have the specified index: nope")
        self.assertDynamoError(lambda: self.ddb.scan(TableName=unique_name("missing"), IndexName="g_all"),
                               "ResourceNotFoundException", "Requested resource not found")

    def test_resource_query_of_a_keys_only_index(self):
        table = make_resource(self.endpoint).Table(self.table)
        resp = table.query(IndexName="l_keys", KeyConditionExpression=Key("pk").eq(self.pk) & Key("lsk").gt("a"))
        self.assertEqual(resp["Items"], [{"pk": self.pk, "sk": "2", "lsk": "b"}])
        resp = table.query(IndexName="l_keys", KeyConditionExpression=Key("pk").eq(self.pk), Select="ALL_ATTRIBUTES")
        self.assertEqual(resp["Items"][0]["m"], {"x": 1, "y": ["y0"]})


class IndexKeyValidationTest(IndexTestBase):
    """Writes whose index key attributes have the wrong type or are empty
    fail with DynamoDB's messages and change nothing."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.table = cls.create_indexed_table(
            "ikv", {"pk": "S", "sk": "S", "gpk": "S", "gsk": "N", "lsk": "S", "gb": "B"},
            gsis=[gsi("gsi", "gpk", "gsk"), gsi("gbin", "gb")], lsis=[lsi("lsi", "pk", "lsk")])

    def setUp(self):
        self.pk = unique_name("p")
        self.key = {"pk": s(self.pk), "sk": s("a")}

    def mismatch(self, name, expected, actual, index):
        return INVALID + "Type mismatch for Index Key %s Expected: %s Actual: %s IndexName: %s" % (
            name, expected, actual, index)

    def empty(self, kind, index, name):
        return ("One or more parameter values are not valid. A value specified for a secondary index key is not "
                "supported. The AttributeValue for a key attribute cannot contain an empty %s value. IndexName: %s, "
                "IndexKey: %s" % (kind, index, name))

    def assertNothingWritten(self):
        self.assertIsNone(self.get(self.table, self.key))
        self.assertEqual(self.ddb.query(TableName=self.table, IndexName="lsi", KeyConditionExpression="pk = :p",
                                        ExpressionAttributeValues={":p": s(self.pk)})["Count"], 0)

    def test_put_with_index_key_of_the_wrong_type(self):
        cases = [("gpk", n(1), "S", "N", "gsi"), ("gsk", s("1"), "N", "S", "gsi"), ("lsk", n(1), "S", "N", "lsi"),
                 ("lsk", {"B": b"x"}, "S", "B", "lsi"), ("gb", s("x"), "B", "S", "gbin"),
                 ("gpk", {"NULL": True}, "S", "NULL", "gsi"), ("gpk", {"SS": ["a"]}, "S", "SS", "gsi"),
                 ("gsk", {"BOOL": True}, "N", "BOOL", "gsi"), ("lsk", {"L": []}, "S", "L", "lsi")]
        for name, value, expected, actual, index in cases:
            with self.subTest(name=name, actual=actual):
                item = dict(self.key, **{name: value})
                if name == "gsk":
                    item["gpk"] = s("g")
                self.assertValidation(lambda: self.put(self.table, item), self.mismatch(name, expected, actual, index))
                self.assertNothingWritten()

    def test_put_with_empty_index_key(self):
        for name, value, kind, index in (("gpk", s(""), "string", "gsi"), ("lsk", s(""), "string", "lsi"),
                                         ("gb", b(b""), "binary", "gbin")):
            with self.subTest(name=name):
                self.assertValidation(lambda: self.put(self.table, dict(self.key, **{name: value})),
                                      self.empty(kind, index, name))
                self.assertNothingWritten()

    def test_update_to_an_index_key_of_the_wrong_type(self):
        self.put(self.table, dict(self.key, gpk=s("g"), gsk=n(1), v=s("x")))
        self.assertValidation(
            lambda: self.ddb.update_item(TableName=self.table, Key=self.key, UpdateExpression="SET gsk = :k, v = :v",
                                         ExpressionAttributeValues={":k": s("1"), ":v": s("y")}),
            self.mismatch("gsk", "N", "S", "gsi"))
        self.assertValidation(
            lambda: self.ddb.update_item(TableName=self.table, Key=self.key, UpdateExpression="SET lsk = :e",
                                         ExpressionAttributeValues={":e": s("")}),
            # An update expression gets its own wording, without the index name.
            "One or more parameter values are not valid. The update expression attempted to update a secondary "
            "index key to a value that is not supported. The AttributeValue for a key attribute cannot contain an "
            "empty string value.")
        # Nothing changed, in the table or the index.
        self.assertEqual(self.get(self.table, self.key), dict(self.key, gpk=s("g"), gsk=n(1), v=s("x")))
        page = self.ddb.query(TableName=self.table, IndexName="gsi", KeyConditionExpression="gpk = :g AND gsk = :k",
                              ExpressionAttributeValues={":g": s("g"), ":k": n(1)})
        self.assertIn(dict(self.key, gpk=s("g"), gsk=n(1), v=s("x")), page["Items"])

    def test_legacy_update_to_an_index_key_of_the_wrong_type(self):
        self.assertValidation(
            lambda: self.ddb.update_item(TableName=self.table, Key=self.key,
                                         AttributeUpdates={"gpk": {"Action": "PUT", "Value": n(5)}}),
            self.mismatch("gpk", "S", "N", "gsi"))
        self.assertNothingWritten()

    def test_batch_write_with_index_key_of_the_wrong_type(self):
        good = {"PutRequest": {"Item": {"pk": s(self.pk), "sk": s("b")}}}
        bad = {"PutRequest": {"Item": dict(self.key, lsk=n(1))}}
        self.assertValidation(lambda: self.ddb.batch_write_item(RequestItems={self.table: [good, bad]}),
                              self.mismatch("lsk", "S", "N", "lsi"))
        self.assertIsNone(self.get(self.table, {"pk": s(self.pk), "sk": s("b")}))
        self.assertValidation(
            lambda: self.ddb.batch_write_item(RequestItems={self.table: [
                {"PutRequest": {"Item": dict(self.key, gb=b(b""))}}]}),
            self.empty("binary", "gbin", "gb"))

    def test_index_keys_are_checked_only_when_present(self):
        self.put(self.table, dict(self.key, other=n(1)))
        self.put(self.table, dict(self.key, gpk=s("only-hash")))  # g needs gsk too: not in g, no error
        self.assertEqual(self.get(self.table, self.key), dict(self.key, gpk=s("only-hash")))


@unittest.skipIf(is_external(), "restarts the server, which needs a local dynamo-items")
class RestartTest(unittest.TestCase):
    """Index definitions and entries survive a restart with --db-path, and
    writes after it keep the indexes up to date."""

    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="dynamo-items-indexes-")
        self.server = None

    def tearDown(self):
        if self.server is not None:
            self.server.kill()
        shutil.rmtree(self.dir, ignore_errors=True)

    def start(self):
        self.server = ServerProcess(db_path=self.dir)
        return make_client(self.server.start())

    def stop(self):
        self.assertEqual(self.server.stop(), 0)
        self.server = None

    def test_indexes_survive_restart(self):
        ddb = self.start()
        name = unique_name("restart")
        ddb.create_table(TableName=name, BillingMode="PAY_PER_REQUEST",
                         AttributeDefinitions=definitions(pk="S", sk="S", gpk="S", lsk="N"),
                         KeySchema=key_schema("pk", "sk"),
                         GlobalSecondaryIndexes=[gsi("gsi_inc", "gpk", projection="INCLUDE", non_key=["x"])],
                         LocalSecondaryIndexes=[lsi("lsi_keys", "pk", "lsk", "KEYS_ONLY")])
        item = {"pk": s("p"), "sk": s("1"), "gpk": s("g"), "lsk": n(5), "x": s("x"), "y": s("y")}
        ddb.put_item(TableName=name, Item=item)
        before = ddb.describe_table(TableName=name)["Table"]
        self.stop()

        ddb = self.start()
        after = ddb.describe_table(TableName=name)["Table"]
        for field in ("GlobalSecondaryIndexes", "LocalSecondaryIndexes", "AttributeDefinitions"):
            self.assertEqual(after[field], before[field], field)
        query_gsi = lambda g: ddb.query(TableName=name, IndexName="gsi_inc", KeyConditionExpression="gpk = :g",
                                        ExpressionAttributeValues={":g": s(g)})["Items"]
        query_lsi = lambda: ddb.query(TableName=name, IndexName="lsi_keys", KeyConditionExpression="pk = :p",
                                      ExpressionAttributeValues={":p": s("p")})["Items"]
        self.assertEqual(query_gsi("g"), [{"pk": s("p"), "sk": s("1"), "gpk": s("g"), "x": s("x")}])
        self.assertEqual(query_lsi(), [{"pk": s("p"), "sk": s("1"), "lsk": n(5)}])
        # The old entries are found and replaced by writes after the restart.
        ddb.put_item(TableName=name, Item={"pk": s("p"), "sk": s("1"), "gpk": s("h")})
        self.assertEqual(query_gsi("g"), [])
        self.assertEqual(query_gsi("h"), [{"pk": s("p"), "sk": s("1"), "gpk": s("h")}])
        self.assertEqual(query_lsi(), [])


if __name__ == "__main__":
    unittest.main()
