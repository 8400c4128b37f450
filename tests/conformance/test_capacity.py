"""ReturnConsumedCapacity (NONE, TOTAL, INDEXES) on every read and write, by
the Developer Guide's rules ("Read and write capacity units", "Capacity unit
consumption"):

- GetItem and BatchGetItem: each item's size rounded up to 4 KB, one unit per
  4 KB strongly consistent, half when eventually consistent; a missing item
  still costs the minimum;
- Query and Scan: the sum of the sizes of all items read (before any filter)
  rounded up to 4 KB once, halved when eventually consistent;
- PutItem, UpdateItem, DeleteItem, BatchWriteItem: one unit per 1 KB of the
  larger of the item before and after the write, each item rounded up;
- writes to a table with secondary indexes also pay for every index entry
  they put or delete, reported per index under INDEXES.

Real DynamoDB reports only CapacityUnits (and Table, GlobalSecondaryIndexes,
LocalSecondaryIndexes under INDEXES) for these operations; the
ReadCapacityUnits/WriteCapacityUnits split appears only on transactions.

Items here hold only string attributes, so their DynamoDB size is the sum of
the UTF-8 lengths of attribute names and values."""

import math
import unittest

from boto3.dynamodb.conditions import Key

from harness import DynamoTestCase, make_resource, unique_name

KB = 1024


def s(value):
    return {"S": value}


def item_size(item):
    return sum(len(name.encode("utf-8")) + len(value["S"].encode("utf-8")) for name, value in item.items())


def sized_item(size, pk, sk=None, pad="d", **extra):
    """An item of exactly `size` bytes: its keys, `extra` string attributes
    and a padding attribute."""
    item = {"pk": s(pk)}
    if sk is not None:
        item["sk"] = s(sk)
    item.update({k: s(v) for k, v in extra.items()})
    fill = size - item_size(item) - len(pad)
    assert fill >= 0, "size %d too small for %r" % (size, item)
    item[pad] = s("x" * fill)
    assert item_size(item) == size
    return item


def read_units(size, consistent):
    units = max(1, math.ceil(size / (4 * KB)))
    return float(units) if consistent else units / 2.0


def write_units(size):
    return float(max(1, math.ceil(size / KB)))


class CapacityTestBase(DynamoTestCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.hash_table = cls.create_table(hash_key=("pk", "S"), prefix="caph")
        cls.range_table = cls.create_table(hash_key=("pk", "S"), range_key=("sk", "S"), prefix="capr")

    def key(self):
        return unique_name("k")

    def assertCapacity(self, resp, table, units, mode="TOTAL", table_units=None, gsis=None, lsis=None):
        """resp's ConsumedCapacity, as DynamoDB reports it for `mode`:
        TOTAL: only TableName and the total; INDEXES: also the table's part
        (`table_units`, default the total; 0 may be left out) and the
        per-index maps, present only when an index was used."""
        self.assertIn("ConsumedCapacity", resp, "no ConsumedCapacity for %s" % mode)
        got = dict(resp["ConsumedCapacity"])
        want = {"TableName": table, "CapacityUnits": units}
        if mode == "INDEXES":
            table_units = units if table_units is None else table_units
            if table_units or "Table" in got:
                want["Table"] = {"CapacityUnits": table_units}
            if gsis:
                want["GlobalSecondaryIndexes"] = {k: {"CapacityUnits": v} for k, v in gsis.items()}
            if lsis:
                want["LocalSecondaryIndexes"] = {k: {"CapacityUnits": v} for k, v in lsis.items()}
        self.assertEqual(got, want)

    def assertNoCapacity(self, resp):
        self.assertNotIn("ConsumedCapacity", resp)


class GetItemCapacityTest(CapacityTestBase):

    def test_none_or_absent_returns_nothing(self):
        pk = self.key()
        self.put(self.hash_table, {"pk": s(pk)})
        self.assertNoCapacity(self.ddb.get_item(TableName=self.hash_table, Key={"pk": s(pk)}))
        self.assertNoCapacity(self.ddb.get_item(TableName=self.hash_table, Key={"pk": s(pk)},
                                                ReturnConsumedCapacity="NONE"))

    def test_item_sizes_across_4_kb_boundaries(self):
        # The Developer Guide: 3.5 KB -> 4 KB (1 unit), 10 KB -> 12 KB (3 units);
        # eventually consistent reads cost half.
        for size in (50, 3584, 4095, 4096, 4097, 8192, 8193, 10 * KB, 100 * KB, 400 * KB):
            pk = self.key()
            item = sized_item(size, pk)
            self.put(self.hash_table, item)
            for consistent in (True, False):
                with self.subTest(size=size, consistent=consistent):
                    resp = self.ddb.get_item(TableName=self.hash_table, Key={"pk": s(pk)}, ConsistentRead=consistent,
                                             ReturnConsumedCapacity="TOTAL")
                    self.assertEqual(resp["Item"], item)
                    self.assertCapacity(resp, self.hash_table, read_units(size, consistent))

    def test_developer_guide_examples(self):
        for size, consistent, units in ((3584, True, 1.0), (3584, False, 0.5), (10 * KB, True, 3.0),
                                        (10 * KB, False, 1.5), (8 * KB, True, 2.0), (8 * KB, False, 1.0)):
            with self.subTest(size=size, consistent=consistent):
                pk = self.key()
                self.put(self.hash_table, sized_item(size, pk))
                resp = self.ddb.get_item(TableName=self.hash_table, Key={"pk": s(pk)}, ConsistentRead=consistent,
                                         ReturnConsumedCapacity="TOTAL")
                self.assertCapacity(resp, self.hash_table, units)

    def test_missing_item_costs_the_minimum(self):
        for consistent, units in ((True, 1.0), (False, 0.5)):
            for mode in ("TOTAL", "INDEXES"):
                with self.subTest(consistent=consistent, mode=mode):
                    resp = self.ddb.get_item(TableName=self.range_table, Key={"pk": s(self.key()), "sk": s("x")},
                                             ConsistentRead=consistent, ReturnConsumedCapacity=mode)
                    self.assertNotIn("Item", resp)
                    self.assertCapacity(resp, self.range_table, units, mode)

    def test_indexes_mode_reports_the_table(self):
        pk = self.key()
        self.put(self.range_table, sized_item(5000, pk, "a"))
        resp = self.ddb.get_item(TableName=self.range_table, Key={"pk": s(pk), "sk": s("a")},
                                 ReturnConsumedCapacity="INDEXES")
        self.assertCapacity(resp, self.range_table, 1.0, "INDEXES")
        resp = self.ddb.get_item(TableName=self.range_table, Key={"pk": s(pk), "sk": s("a")}, ConsistentRead=True,
                                 ReturnConsumedCapacity="INDEXES")
        self.assertCapacity(resp, self.range_table, 2.0, "INDEXES")

    def test_projection_reads_the_whole_item(self):
        pk = self.key()
        self.put(self.hash_table, sized_item(9000, pk))
        resp = self.ddb.get_item(TableName=self.hash_table, Key={"pk": s(pk)}, ProjectionExpression="pk",
                                 ConsistentRead=True, ReturnConsumedCapacity="TOTAL")
        self.assertEqual(resp["Item"], {"pk": s(pk)})
        self.assertCapacity(resp, self.hash_table, 3.0)

    def test_resource_get_item(self):
        pk = self.key()
        self.put(self.hash_table, sized_item(6000, pk))
        resp = make_resource(self.endpoint).Table(self.hash_table).get_item(
            Key={"pk": pk}, ConsistentRead=True, ReturnConsumedCapacity="TOTAL")
        self.assertEqual(resp["ConsumedCapacity"], {"TableName": self.hash_table, "CapacityUnits": 2.0})

    def test_invalid_value(self):
        self.assertValidation(
            lambda: self.raw.get_item(TableName=self.hash_table, Key={"pk": s("x")}, ReturnConsumedCapacity="ALL"),
            "1 validation error detected: Value 'ALL' at 'returnConsumedCapacity' failed to satisfy constraint: "
            "Member must satisfy enum value set: [INDEXES, TOTAL, NONE]")


class WriteCapacityTest(CapacityTestBase):

    def test_none_or_absent_returns_nothing(self):
        pk = self.key()
        self.assertNoCapacity(self.put(self.hash_table, {"pk": s(pk)}))
        self.assertNoCapacity(self.put(self.hash_table, {"pk": s(pk)}, ReturnConsumedCapacity="NONE"))
        self.assertNoCapacity(self.ddb.update_item(TableName=self.hash_table, Key={"pk": s(pk)},
                                                   UpdateExpression="SET a = :a",
                                                   ExpressionAttributeValues={":a": s("a")},
                                                   ReturnConsumedCapacity="NONE"))
        self.assertNoCapacity(self.ddb.delete_item(TableName=self.hash_table, Key={"pk": s(pk)},
                                                   ReturnConsumedCapacity="NONE"))

    def test_put_new_item_sizes_across_1_kb_boundaries(self):
        for size in (50, 500, 1023, 1024, 1025, 2048, 2049, 3584, 10 * KB, 100 * KB + 1, 400 * KB):
            for mode in ("TOTAL", "INDEXES"):
                with self.subTest(size=size, mode=mode):
                    resp = self.put(self.hash_table, sized_item(size, self.key()), ReturnConsumedCapacity=mode)
                    self.assertCapacity(resp, self.hash_table, write_units(size), mode)

    def test_put_replacing_an_item_pays_for_the_larger(self):
        for old, new in ((3000, 500), (500, 2100), (1024, 1025), (5 * KB, 5 * KB)):
            with self.subTest(old=old, new=new):
                pk = self.key()
                self.put(self.hash_table, sized_item(old, pk))
                resp = self.put(self.hash_table, sized_item(new, pk, pad="e"), ReturnConsumedCapacity="TOTAL",
                                ReturnValues="ALL_OLD")
                self.assertEqual(item_size(resp["Attributes"]), old)
                self.assertCapacity(resp, self.hash_table, write_units(max(old, new)))

    def test_update_pays_for_the_larger_of_before_and_after(self):
        pk = self.key()
        key = {"pk": s(pk), "sk": s("a")}
        update = lambda expression, values=None, **kw: self.ddb.update_item(
            TableName=self.range_table, Key=key, UpdateExpression=expression, ReturnConsumedCapacity="TOTAL",
            **({"ExpressionAttributeValues": values} if values else {}), **kw)
        # A new item: its size after the update.
        resp = update("SET big = :b", {":b": s("x" * 1500)})
        self.assertCapacity(resp, self.range_table, 2.0)  # 1500 + keys + name -> 2 KB
        # A small change to a 2.5 KB item: the item before (and after) it.
        resp = update("SET big = :b", {":b": s("x" * 2500)})
        self.assertCapacity(resp, self.range_table, 3.0)
        resp = update("SET small = :v", {":v": s("v")})
        self.assertCapacity(resp, self.range_table, 3.0)
        # Shrinking it: the larger item before the update.
        resp = update("REMOVE big", ReturnValues="ALL_NEW")
        self.assertLess(item_size(resp["Attributes"]), 100)
        self.assertCapacity(resp, self.range_table, 3.0)
        # Growing it: the larger item after the update.
        resp = update("SET big = :b", {":b": s("x" * 5000)})
        self.assertCapacity(resp, self.range_table, 5.0)

    def test_legacy_attribute_updates(self):
        pk = self.key()
        resp = self.ddb.update_item(TableName=self.hash_table, Key={"pk": s(pk)},
                                    AttributeUpdates={"a": {"Action": "PUT", "Value": s("x" * 1100)}},
                                    ReturnConsumedCapacity="INDEXES")
        self.assertCapacity(resp, self.hash_table, 2.0, "INDEXES")

    def test_delete_pays_for_the_deleted_item(self):
        for size in (100, 1024, 1025, 1500, 7000):
            with self.subTest(size=size):
                pk = self.key()
                self.put(self.hash_table, sized_item(size, pk))
                resp = self.ddb.delete_item(TableName=self.hash_table, Key={"pk": s(pk)},
                                            ReturnConsumedCapacity="TOTAL", ReturnValues="ALL_OLD")
                self.assertEqual(item_size(resp["Attributes"]), size)
                self.assertCapacity(resp, self.hash_table, write_units(size))

    def test_delete_of_a_missing_item_costs_one_unit(self):
        for mode in ("TOTAL", "INDEXES"):
            with self.subTest(mode=mode):
                resp = self.ddb.delete_item(TableName=self.range_table, Key={"pk": s(self.key()), "sk": s("a")},
                                            ReturnConsumedCapacity=mode)
                self.assertCapacity(resp, self.range_table, 1.0, mode)

    def test_resource_put_item(self):
        resp = make_resource(self.endpoint).Table(self.hash_table).put_item(
            Item={"pk": self.key(), "d": "x" * 3000}, ReturnConsumedCapacity="TOTAL")
        self.assertEqual(resp["ConsumedCapacity"], {"TableName": self.hash_table, "CapacityUnits": 3.0})


class BatchCapacityTest(CapacityTestBase):

    @staticmethod
    def by_table(resp):
        return {c["TableName"]: c for c in resp["ConsumedCapacity"]}

    def test_batch_write_rounds_each_item_per_table(self):
        # The Developer Guide: a 500-byte and a 3.5 KB item cost 1 + 4 units.
        hash_items = [sized_item(500, self.key()), sized_item(3584, self.key())]
        range_items = [sized_item(1025, self.key(), "a"), sized_item(60, self.key(), "b")]
        request = {self.hash_table: [{"PutRequest": {"Item": it}} for it in hash_items],
                   self.range_table: [{"PutRequest": {"Item": it}} for it in range_items]}
        resp = self.ddb.batch_write_item(RequestItems=request, ReturnConsumedCapacity="TOTAL")
        self.assertEqual(resp["UnprocessedItems"], {})
        self.assertEqual(len(resp["ConsumedCapacity"]), 2)
        self.assertEqual(self.by_table(resp), {
            self.hash_table: {"TableName": self.hash_table, "CapacityUnits": 5.0},
            self.range_table: {"TableName": self.range_table, "CapacityUnits": 3.0}})
        # Deleting them: the deleted items' sizes; a missing item costs one unit.
        deletes = {self.hash_table: [{"DeleteRequest": {"Key": {"pk": it["pk"]}}} for it in hash_items],
                   self.range_table: [{"DeleteRequest": {"Key": {"pk": it["pk"], "sk": it["sk"]}}}
                                      for it in range_items] + [
                       {"DeleteRequest": {"Key": {"pk": s(self.key()), "sk": s("none")}}}]}
        resp = self.ddb.batch_write_item(RequestItems=deletes, ReturnConsumedCapacity="INDEXES")
        self.assertEqual(self.by_table(resp), {
            self.hash_table: {"TableName": self.hash_table, "CapacityUnits": 5.0, "Table": {"CapacityUnits": 5.0}},
            self.range_table: {"TableName": self.range_table, "CapacityUnits": 4.0,
                               "Table": {"CapacityUnits": 4.0}}})

    def test_batch_write_replacing_pays_for_the_larger(self):
        pk = self.key()
        self.put(self.hash_table, sized_item(2500, pk))
        resp = self.ddb.batch_write_item(RequestItems={self.hash_table: [{"PutRequest": {"Item": {"pk": s(pk)}}}]},
                                         ReturnConsumedCapacity="TOTAL")
        self.assertEqual(resp["ConsumedCapacity"], [{"TableName": self.hash_table, "CapacityUnits": 3.0}])

    def test_batch_write_none(self):
        request = {self.hash_table: [{"PutRequest": {"Item": {"pk": s(self.key())}}}]}
        resp = self.ddb.batch_write_item(RequestItems=request, ReturnConsumedCapacity="NONE")
        self.assertNoCapacity(resp)

    def test_batch_get_rounds_each_item(self):
        # The Developer Guide: 1.5 KB and 6.5 KB items read as 4 KB + 8 KB.
        small, large = sized_item(1536, self.key()), sized_item(6656, self.key())
        tiny = sized_item(60, self.key(), "a")
        self.put(self.hash_table, small)
        self.put(self.hash_table, large)
        self.put(self.range_table, tiny)
        missing = {"pk": s(self.key())}
        for consistent in (True, False):
            for mode in ("TOTAL", "INDEXES"):
                with self.subTest(consistent=consistent, mode=mode):
                    request = {self.hash_table: {"Keys": [{"pk": small["pk"]}, {"pk": large["pk"]}, missing],
                                                 "ConsistentRead": consistent},
                               self.range_table: {"Keys": [{"pk": s(self.key()), "sk": s("none")}],
                                                  "ConsistentRead": consistent}}
                    resp = self.ddb.batch_get_item(RequestItems=request, ReturnConsumedCapacity=mode)
                    self.assertEqual(len(resp["Responses"][self.hash_table]), 2)
                    self.assertEqual(resp["Responses"][self.range_table], [])
                    # A missing key costs the minimum too, and a table whose
                    # keys all miss still gets its entry.
                    hash_units = (1 + 2 + 1) * (1.0 if consistent else 0.5)
                    range_units = 1.0 if consistent else 0.5
                    got = self.by_table(resp)
                    self.assertEqual(len(resp["ConsumedCapacity"]), 2)
                    for table, units in ((self.hash_table, hash_units), (self.range_table, range_units)):
                        self.assertCapacity({"ConsumedCapacity": got[table]}, table, units, mode)

    def test_batch_get_projection_reads_whole_items(self):
        pk = self.key()
        self.put(self.hash_table, sized_item(9000, pk))
        resp = self.ddb.batch_get_item(RequestItems={self.hash_table: {"Keys": [{"pk": s(pk)}],
                                                                      "ProjectionExpression": "pk"}},
                                       ReturnConsumedCapacity="TOTAL")
        self.assertEqual(resp["Responses"][self.hash_table], [{"pk": s(pk)}])
        self.assertEqual(resp["ConsumedCapacity"], [{"TableName": self.hash_table, "CapacityUnits": 1.5}])

    def test_batch_get_none(self):
        resp = self.ddb.batch_get_item(RequestItems={self.hash_table: {"Keys": [{"pk": s(self.key())}]}})
        self.assertNoCapacity(resp)


class QueryCapacityTest(CapacityTestBase):
    """The sum of the sizes of the items read, rounded up once."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.pk = unique_name("q")
        cls.items = [sized_item(1000, cls.pk, "%02d" % i, tag="even" if i % 2 == 0 else "odd") for i in range(10)]
        cls.guide_pk = unique_name("guide")
        # The Developer Guide: 10 items of 40.8 KB in all are read as 44 KB.
        cls.guide_items = [sized_item(4178, cls.guide_pk, "%02d" % i) for i in range(10)]
        for item in cls.items + cls.guide_items:
            cls.ddb.put_item(TableName=cls.range_table, Item=item)

    def query(self, pk=None, condition=None, values=None, **kw):
        expression = "pk = :p" if condition is None else "pk = :p AND " + condition
        kw.setdefault("ReturnConsumedCapacity", "TOTAL")
        return self.ddb.query(TableName=self.range_table, KeyConditionExpression=expression,
                              ExpressionAttributeValues=dict({":p": s(pk or self.pk)}, **(values or {})), **kw)

    def test_sum_of_item_sizes_rounded_once(self):
        # 10 x 1000 bytes: 12 KB, not 10 x 4 KB.
        for consistent, units in ((True, 3.0), (False, 1.5)):
            with self.subTest(consistent=consistent):
                resp = self.query(ConsistentRead=consistent)
                self.assertEqual(resp["Count"], 10)
                self.assertCapacity(resp, self.range_table, units)

    def test_developer_guide_example(self):
        self.assertEqual(sum(map(item_size, self.guide_items)), 41780)
        self.assertCapacity(self.query(self.guide_pk, ConsistentRead=True), self.range_table, 11.0)
        self.assertCapacity(self.query(self.guide_pk), self.range_table, 5.5)

    def test_filter_does_not_reduce_the_cost(self):
        resp = self.query(values={":t": s("none")}, FilterExpression="tag = :t", ConsistentRead=True)
        self.assertEqual((resp["Count"], resp["ScannedCount"]), (0, 10))
        self.assertCapacity(resp, self.range_table, 3.0)
        resp = self.query(values={":t": s("odd")}, FilterExpression="tag = :t")
        self.assertEqual(resp["Count"], 5)
        self.assertCapacity(resp, self.range_table, 1.5)

    def test_projection_and_count_do_not_reduce_the_cost(self):
        self.assertCapacity(self.query(ProjectionExpression="sk", ConsistentRead=True), self.range_table, 3.0)
        resp = self.query(Select="COUNT", ConsistentRead=True)
        self.assertEqual(resp["Count"], 10)
        self.assertCapacity(resp, self.range_table, 3.0)

    def test_only_items_read_count(self):
        for limit, units in ((1, 1.0), (4, 1.0), (5, 2.0), (8, 2.0), (9, 3.0)):
            with self.subTest(limit=limit):
                resp = self.query(Limit=limit, ConsistentRead=True)
                self.assertCapacity(resp, self.range_table, units)
                resp = self.query(Limit=limit)
                self.assertCapacity(resp, self.range_table, units / 2)
        resp = self.query(condition="sk BETWEEN :lo AND :hi", values={":lo": s("02"), ":hi": s("04")},
                          ConsistentRead=True)
        self.assertEqual(resp["Count"], 3)
        self.assertCapacity(resp, self.range_table, 1.0)

    def test_each_page_is_charged_for_its_own_items(self):
        pages, start = [], None
        while True:
            kw = {"ExclusiveStartKey": start} if start else {}
            resp = self.query(Limit=3, ConsistentRead=True, ReturnConsumedCapacity="INDEXES", **kw)
            pages.append(resp)
            start = resp.get("LastEvaluatedKey")
            if not start:
                break
        self.assertEqual([p["Count"] for p in pages], [3, 3, 3, 1])
        for page in pages:
            self.assertCapacity(page, self.range_table, 1.0, "INDEXES")

    def test_empty_result_costs_the_minimum(self):
        self.assertCapacity(self.query(unique_name("empty"), ConsistentRead=True), self.range_table, 1.0)
        self.assertCapacity(self.query(unique_name("empty")), self.range_table, 0.5)

    def test_none(self):
        self.assertNoCapacity(self.query(ReturnConsumedCapacity="NONE"))

    def test_resource_query(self):
        resp = make_resource(self.endpoint).Table(self.range_table).query(
            KeyConditionExpression=Key("pk").eq(self.pk), ReturnConsumedCapacity="TOTAL")
        self.assertEqual(resp["ConsumedCapacity"], {"TableName": self.range_table, "CapacityUnits": 1.5})


class ScanCapacityTest(CapacityTestBase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.table = cls.create_table(hash_key=("pk", "S"), prefix="caps")
        cls.items = [sized_item(2000, "p%02d" % i, tag="even" if i % 2 == 0 else "odd") for i in range(8)]
        for item in cls.items:
            cls.ddb.put_item(TableName=cls.table, Item=item)

    def scan(self, **kw):
        kw.setdefault("ReturnConsumedCapacity", "TOTAL")
        return self.ddb.scan(TableName=self.table, **kw)

    def test_sum_of_item_sizes(self):
        # 8 x 2000 bytes: 16000 bytes -> 4 units.
        self.assertCapacity(self.scan(ConsistentRead=True), self.table, 4.0)
        self.assertCapacity(self.scan(), self.table, 2.0)
        self.assertCapacity(self.scan(ReturnConsumedCapacity="INDEXES"), self.table, 2.0, "INDEXES")

    def test_items_evaluated_not_returned(self):
        resp = self.scan(FilterExpression="tag = :t", ExpressionAttributeValues={":t": s("odd")}, ConsistentRead=True)
        self.assertEqual((resp["Count"], resp["ScannedCount"]), (4, 8))
        self.assertCapacity(resp, self.table, 4.0)
        resp = self.scan(Select="COUNT")
        self.assertCapacity(resp, self.table, 2.0)

    def test_limit(self):
        for limit, units in ((1, 0.5), (2, 0.5), (3, 1.0), (5, 1.5), (8, 2.0)):
            with self.subTest(limit=limit):
                self.assertCapacity(self.scan(Limit=limit), self.table, units)

    def test_segments_pay_for_their_own_items(self):
        for total in (2, 3, 8):
            with self.subTest(total=total):
                scanned = 0
                for segment in range(total):
                    resp = self.scan(Segment=segment, TotalSegments=total, ConsistentRead=True)
                    scanned += resp["ScannedCount"]
                    self.assertCapacity(resp, self.table, read_units(2000 * resp["ScannedCount"], True))
                self.assertEqual(scanned, 8)

    def test_none(self):
        self.assertNoCapacity(self.scan(ReturnConsumedCapacity="NONE"))


class IndexCapacityTest(CapacityTestBase):
    """Index reads are charged to the index, index writes on top of the
    table write (each index entry put or deleted, rounded up to 1 KB)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.table = unique_name("capi")
        cls.ddb.create_table(
            TableName=cls.table, BillingMode="PAY_PER_REQUEST",
            AttributeDefinitions=[{"AttributeName": a, "AttributeType": "S"} for a in ("pk", "sk", "gpk", "gk", "lsk")],
            KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
            GlobalSecondaryIndexes=[
                {"IndexName": "gsi", "KeySchema": [{"AttributeName": "gpk", "KeyType": "HASH"}],
                 "Projection": {"ProjectionType": "ALL"}},
                {"IndexName": "gsi_keys", "KeySchema": [{"AttributeName": "gk", "KeyType": "HASH"}],
                 "Projection": {"ProjectionType": "KEYS_ONLY"}}],
            LocalSecondaryIndexes=[
                {"IndexName": "lsi", "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"},
                                                 {"AttributeName": "lsk", "KeyType": "RANGE"}],
                 "Projection": {"ProjectionType": "KEYS_ONLY"}}])
        cls._tables.append(cls.table)
        cls.wait_active(cls.table)

    def setUp(self):
        self.pk = unique_name("p")
        self.key = {"pk": s(self.pk), "sk": s("a")}

    def put_indexes(self, item, **kw):
        return self.ddb.put_item(TableName=self.table, Item=item, ReturnConsumedCapacity="INDEXES", **kw)

    def update_indexes(self, expression, values=None):
        kw = {"ExpressionAttributeValues": values} if values else {}
        return self.ddb.update_item(TableName=self.table, Key=self.key, UpdateExpression=expression,
                                    ReturnConsumedCapacity="INDEXES", **kw)

    # ---- reads --------------------------------------------------------------

    def test_gsi_query_is_charged_to_the_index(self):
        group = unique_name("g")
        for i in range(6):
            self.ddb.put_item(TableName=self.table, Item=sized_item(1000, self.pk, "%02d" % i, gpk=group))
        # GSI reads are eventually consistent: 6000 bytes -> 2 units / 2.
        resp = self.ddb.query(TableName=self.table, IndexName="gsi", KeyConditionExpression="gpk = :g",
                              ExpressionAttributeValues={":g": s(group)}, ReturnConsumedCapacity="TOTAL")
        self.assertEqual(resp["Count"], 6)
        self.assertCapacity(resp, self.table, 1.0)
        resp = self.ddb.query(TableName=self.table, IndexName="gsi", KeyConditionExpression="gpk = :g",
                              ExpressionAttributeValues={":g": s(group)}, ReturnConsumedCapacity="INDEXES")
        self.assertCapacity(resp, self.table, 1.0, "INDEXES", table_units=0, gsis={"gsi": 1.0})
        resp = self.ddb.scan(TableName=self.table, IndexName="gsi", ReturnConsumedCapacity="INDEXES",
                             FilterExpression="gpk = :g", ExpressionAttributeValues={":g": s(group)})
        self.assertEqual(resp["Count"], 6)
        self.assertEqual(resp["ConsumedCapacity"]["TableName"], self.table)
        self.assertIn("gsi", resp["ConsumedCapacity"].get("GlobalSecondaryIndexes", {}))

    def test_keys_only_index_reads_only_the_entries(self):
        group = unique_name("k")
        for i in range(6):
            self.ddb.put_item(TableName=self.table, Item=sized_item(1000, self.pk, "%02d" % i, gk=group))
        resp = self.ddb.query(TableName=self.table, IndexName="gsi_keys", KeyConditionExpression="gk = :g",
                              ExpressionAttributeValues={":g": s(group)}, ReturnConsumedCapacity="TOTAL")
        self.assertEqual(resp["Count"], 6)
        self.assertCapacity(resp, self.table, 0.5)

    def lsi_query(self, **kw):
        self.ddb.put_item(TableName=self.table, Item=sized_item(3000, self.pk, "a", lsk="l"))
        return self.ddb.query(TableName=self.table, IndexName="lsi", KeyConditionExpression="pk = :p",
                              ExpressionAttributeValues={":p": s(self.pk)}, **kw)

    def test_lsi_query_is_charged_to_the_index(self):
        resp = self.lsi_query(ReturnConsumedCapacity="TOTAL", ConsistentRead=True)
        self.assertCapacity(resp, self.table, 1.0)
        resp = self.lsi_query(ReturnConsumedCapacity="INDEXES", ConsistentRead=True)
        self.assertCapacity(resp, self.table, 1.0, "INDEXES", table_units=0, lsis={"lsi": 1.0})

    def test_lsi_fetch_also_reads_each_table_item(self):
        # The Developer Guide's example: 4 items of 300 bytes fetched through
        # an LSI cost the index entries rounded up to 4 KB once, plus each
        # whole item rounded up to 4 KB: 4 KB + 4 x 4 KB.
        for i in range(4):
            self.ddb.put_item(TableName=self.table, Item=sized_item(300, self.pk, "f%d" % i, lsk="f%d" % i))
        query = lambda **kw: self.ddb.query(
            TableName=self.table, IndexName="lsi", KeyConditionExpression="pk = :p AND begins_with(lsk, :f)",
            ExpressionAttributeValues={":p": s(self.pk), ":f": s("f")}, Select="ALL_ATTRIBUTES", **kw)
        resp = query(ReturnConsumedCapacity="TOTAL", ConsistentRead=True)
        self.assertEqual([item_size(it) for it in resp["Items"]], [300] * 4)
        self.assertCapacity(resp, self.table, 5.0)
        resp = query(ReturnConsumedCapacity="INDEXES")
        self.assertCapacity(resp, self.table, 2.5, "INDEXES", table_units=2.0, lsis={"lsi": 0.5})

    # ---- writes -------------------------------------------------------------

    def test_put_outside_every_index_pays_only_the_table(self):
        resp = self.put_indexes(dict(self.key, v=s("v")))
        self.assertCapacity(resp, self.table, 1.0, "INDEXES")

    def test_put_into_indexes(self):
        resp = self.put_indexes(dict(self.key, gpk=s("g"), gk=s("k"), lsk=s("l")))
        self.assertCapacity(resp, self.table, 4.0, "INDEXES", table_units=1.0, gsis={"gsi": 1.0, "gsi_keys": 1.0},
                            lsis={"lsi": 1.0})
        resp = self.ddb.put_item(TableName=self.table, Item=dict(self.key, pk=s(unique_name("p")), gpk=s("g")),
                                 ReturnConsumedCapacity="TOTAL")
        self.assertCapacity(resp, self.table, 2.0)

    def test_index_entries_are_rounded_up_to_1_kb(self):
        # An ALL index stores the whole 1500-byte item; KEYS_ONLY only keys.
        item = sized_item(1500, self.pk, "a", gpk="g", gk="k")
        resp = self.put_indexes(item)
        self.assertCapacity(resp, self.table, 5.0, "INDEXES", table_units=2.0, gsis={"gsi": 2.0, "gsi_keys": 1.0})

    def test_update_moving_an_index_key_deletes_and_puts(self):
        self.put_indexes(dict(self.key, gpk=s("g1"), v=s("v")))
        resp = self.update_indexes("SET gpk = :g", {":g": s("g2")})
        self.assertCapacity(resp, self.table, 3.0, "INDEXES", table_units=1.0, gsis={"gsi": 2.0})

    def test_update_removing_an_index_key_deletes_the_entry(self):
        self.put_indexes(dict(self.key, gpk=s("g1"), lsk=s("l")))
        resp = self.update_indexes("REMOVE gpk, lsk")
        self.assertCapacity(resp, self.table, 3.0, "INDEXES", table_units=1.0, gsis={"gsi": 1.0}, lsis={"lsi": 1.0})

    def test_update_of_a_projected_attribute(self):
        # g projects everything, gk and l only keys: only g changes.
        self.put_indexes(dict(self.key, gpk=s("g"), gk=s("k"), lsk=s("l"), v=s("old")))
        resp = self.update_indexes("SET v = :v", {":v": s("new")})
        self.assertCapacity(resp, self.table, 2.0, "INDEXES", table_units=1.0, gsis={"gsi": 1.0})

    def test_identical_overwrite_pays_only_the_table(self):
        item = dict(self.key, gpk=s("g"), gk=s("k"))
        self.put_indexes(item)
        self.assertCapacity(self.put_indexes(item), self.table, 1.0, "INDEXES")

    def test_delete_removes_every_entry(self):
        self.put_indexes(dict(self.key, gpk=s("g"), lsk=s("l")))
        resp = self.ddb.delete_item(TableName=self.table, Key=self.key, ReturnConsumedCapacity="INDEXES")
        self.assertCapacity(resp, self.table, 3.0, "INDEXES", table_units=1.0, gsis={"gsi": 1.0}, lsis={"lsi": 1.0})

    def test_batch_write_includes_index_writes(self):
        puts = [{"PutRequest": {"Item": {"pk": s(self.pk), "sk": s(str(i)), "gpk": s("g")}}} for i in range(3)]
        resp = self.ddb.batch_write_item(RequestItems={self.table: puts}, ReturnConsumedCapacity="TOTAL")
        self.assertEqual(resp["ConsumedCapacity"], [{"TableName": self.table, "CapacityUnits": 6.0}])
        deletes = [{"DeleteRequest": {"Key": {"pk": s(self.pk), "sk": s(str(i))}}} for i in range(3)]
        resp = self.ddb.batch_write_item(RequestItems={self.table: deletes}, ReturnConsumedCapacity="INDEXES")
        self.assertEqual(resp["ConsumedCapacity"], [{"TableName": self.table, "CapacityUnits": 6.0,
                                                     "Table": {"CapacityUnits": 3.0},
                                                     "GlobalSecondaryIndexes": {"gsi": {"CapacityUnits": 3.0}}}])


if __name__ == "__main__":
    unittest.main()
