"""Scan: whole tables and parallel segments (every item exactly once), stable
order across pages, Limit, ExclusiveStartKey (also after the item it names
was deleted), the 1 MB page limit, filters with Count/ScannedCount,
projections, Select, and DynamoDB's validation messages."""

import threading
import unittest
from collections import Counter
from decimal import Decimal

from boto3.dynamodb.conditions import Attr

from harness import DynamoTestCase, make_resource, unique_name

INVALID = "One or more parameter values were invalid: "
MB = 1024 * 1024
BAD_START_KEY = "The provided starting key is invalid: The provided key element does not match the schema"


def s(value):
    return {"S": value}


def n(value):
    return {"N": str(value)}


def key_of(item, names=("pk", "sk")):
    return tuple((k, next(iter(item[k].values()))) for k in names if k in item)


class ScanTestBase(DynamoTestCase):

    def write_all(self, table, items):
        write_all(self.ddb, table, items)

    def scan_pages(self, client=None, limit_pages=100000, **kw):
        """Every page of a Scan, following LastEvaluatedKey."""
        client = client or self.ddb
        result, start = [], None
        while True:
            args = dict(kw)
            if start is not None:
                args["ExclusiveStartKey"] = start
            page = client.scan(**args)
            result.append(page)
            start = page.get("LastEvaluatedKey")
            if start is None:
                return result
            self.assertLess(len(result), limit_pages, "paging does not end")

    @staticmethod
    def all_items(pages):
        return [item for page in pages for item in page.get("Items", [])]


def write_all(client, table, items):
    """BatchWriteItem in chunks of 25, retrying unprocessed items."""
    for i in range(0, len(items), 25):
        request = {table: [{"PutRequest": {"Item": item}} for item in items[i:i + 25]]}
        while request:
            request = client.batch_write_item(RequestItems=request).get("UnprocessedItems") or None


class ParallelScanTest(ScanTestBase):
    """Segments are disjoint and together hold every item exactly once."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.table = cls.create_table(hash_key=("pk", "S"), range_key=("sk", "N"), prefix="pscan")
        cls.hash_table = cls.create_table(hash_key=("id", "N"), prefix="pscanh")
        # 150 partitions of 1..7 items: 594 items.
        cls.items = [{"pk": s("device#%03d" % p), "sk": n(k), "v": n(p * 10 + k)}
                     for p in range(150) for k in range(1 + p % 7)]
        write_all(cls.ddb, cls.table, cls.items)
        cls.hash_items = [{"id": n(i), "v": s("x" * (i % 13))} for i in range(-250, 250)]
        write_all(cls.ddb, cls.hash_table, cls.hash_items)
        cls.all_keys = Counter(key_of(it) for it in cls.items)

    def segment_keys(self, segment, total, table=None, names=("pk", "sk"), **kw):
        pages = self.scan_pages(TableName=table or self.table, Segment=segment, TotalSegments=total, **kw)
        return [key_of(it, names) for it in self.all_items(pages)]

    def test_every_total_segments_from_1_to_10(self):
        for total in range(1, 11):
            with self.subTest(total=total):
                seen = Counter()
                partitions = {}
                for segment in range(total):
                    keys = self.segment_keys(segment, total, Limit=37)
                    seen.update(keys)
                    for key in keys:
                        # A partition never spans segments.
                        self.assertEqual(partitions.setdefault(key[0], segment), segment)
                self.assertEqual(seen, self.all_keys)

    def test_more_segments_than_partitions(self):
        seen = Counter()
        empty = 0
        for segment in range(300):
            keys = self.segment_keys(segment, 300)
            empty += not keys
            seen.update(keys)
        self.assertEqual(seen, self.all_keys)
        self.assertGreater(empty, 0)

    def test_hash_only_table(self):
        for total in (1, 2, 3, 7, 10):
            with self.subTest(total=total):
                seen = Counter()
                for segment in range(total):
                    seen.update(self.segment_keys(segment, total, table=self.hash_table, names=("id",), Limit=64))
                self.assertEqual(seen, Counter(key_of(it, ("id",)) for it in self.hash_items))

    def test_largest_total_segments(self):
        for segment in (0, 1, 500000, 999999):
            pages = self.scan_pages(TableName=self.table, Segment=segment, TotalSegments=1000000)
            self.assertLessEqual(sum(p["Count"] for p in pages), 7)

    def test_segments_in_parallel_threads(self):
        total = 4
        results = [None] * total
        errors = []

        def worker(segment):
            try:
                resource_table = make_resource(self.endpoint).Table(self.table)
                keys, start = [], None
                while True:
                    kw = {"ExclusiveStartKey": start} if start else {}
                    resp = resource_table.scan(Segment=segment, TotalSegments=total, Limit=25, **kw)
                    keys.extend((("pk", it["pk"]), ("sk", str(it["sk"]))) for it in resp["Items"])
                    start = resp.get("LastEvaluatedKey")
                    if not start:
                        break
                results[segment] = keys
            except Exception as e:  # reported below
                errors.append(e)

        threads = [threading.Thread(target=worker, args=(i,)) for i in range(total)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        self.assertEqual(errors, [])
        self.assertEqual(Counter(k for keys in results for k in keys), self.all_keys)

    def test_segment_with_filter_and_count(self):
        total_count = total_scanned = 0
        for segment in range(3):
            for page in self.scan_pages(TableName=self.table, Segment=segment, TotalSegments=3, Limit=50,
                                        FilterExpression="sk = :z", ExpressionAttributeValues={":z": n(0)},
                                        Select="COUNT"):
                total_count += page["Count"]
                total_scanned += page["ScannedCount"]
        self.assertEqual((total_count, total_scanned), (150, len(self.items)))

    def test_start_key_from_another_segment(self):
        first = self.ddb.scan(TableName=self.table, Segment=1, TotalSegments=2, Limit=1)
        self.assertIn("LastEvaluatedKey", first)
        self.assertValidation(
            lambda: self.ddb.scan(TableName=self.table, Segment=0, TotalSegments=2,
                                  ExclusiveStartKey=first["LastEvaluatedKey"]),
            "The provided starting key is invalid: Invalid ExclusiveStartKey. Please use ExclusiveStartKey with "
            "correct Segment. TotalSegments: 2 Segment: 0")

    def test_resource_scan_of_a_segment(self):
        table = make_resource(self.endpoint).Table(self.table)
        seen = Counter()
        for segment in range(2):
            start = None
            while True:
                kw = {"ExclusiveStartKey": start} if start else {}
                resp = table.scan(Segment=segment, TotalSegments=2, **kw)
                seen.update((("pk", it["pk"]), ("sk", str(it["sk"]))) for it in resp["Items"])
                start = resp.get("LastEvaluatedKey")
                if not start:
                    break
        self.assertEqual(seen, self.all_keys)
        self.assertIsInstance(next(iter(table.scan(Limit=1)["Items"]))["sk"], Decimal)


class ScanOrderTest(ScanTestBase):
    """The order is stable across pages and requests while the table does not change."""

    COUNT = 120

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.table = cls.create_table(hash_key=("pk", "S"), range_key=("sk", "S"), prefix="oscan")
        cls.items = [{"pk": s("p%02d" % (i % 40)), "sk": s("s%03d" % i), "i": n(i)} for i in range(cls.COUNT)]
        write_all(cls.ddb, cls.table, cls.items)
        cls.full = cls.ddb.scan(TableName=cls.table)

    def test_one_page_holds_everything(self):
        self.assertEqual(self.full["Count"], self.COUNT)
        self.assertEqual(self.full["ScannedCount"], self.COUNT)
        self.assertNotIn("LastEvaluatedKey", self.full)
        self.assertCountEqual([key_of(it) for it in self.full["Items"]], [key_of(it) for it in self.items])

    def test_repeated_scans_give_the_same_order(self):
        for _ in range(3):
            self.assertEqual(self.ddb.scan(TableName=self.table)["Items"], self.full["Items"])

    def test_items_of_a_partition_are_adjacent_and_sorted(self):
        order = [key_of(it) for it in self.full["Items"]]
        partitions = []
        for (pk, sk) in order:
            if not partitions or partitions[-1][0] != pk[1]:
                partitions.append((pk[1], []))
            partitions[-1][1].append(sk[1])
        self.assertEqual(len(partitions), 40)
        for _, sks in partitions:
            self.assertEqual(sks, sorted(sks))

    def test_every_limit_pages_in_the_same_order(self):
        expected = self.full["Items"]
        for limit in range(1, self.COUNT + 3):
            with self.subTest(limit=limit):
                pages = self.scan_pages(TableName=self.table, Limit=limit)
                self.assertEqual(self.all_items(pages), expected)
                full, rest = divmod(self.COUNT, limit)
                self.assertEqual(len(pages), full + 1)
                for i, page in enumerate(pages):
                    size = limit if i < full else rest
                    self.assertEqual((page["Count"], page["ScannedCount"]), (size, size))
                    if i < full:
                        last = page["Items"][-1]
                        self.assertEqual(page["LastEvaluatedKey"], {"pk": last["pk"], "sk": last["sk"]})
                    else:
                        self.assertNotIn("LastEvaluatedKey", page)

    def test_paginator(self):
        seen = []
        for page in self.ddb.get_paginator("scan").paginate(TableName=self.table, PaginationConfig={"PageSize": 17}):
            self.assertLessEqual(page["Count"], 17)
            seen.extend(page["Items"])
        self.assertEqual(seen, self.full["Items"])

    def test_parallel_segments_follow_the_same_order(self):
        for total in (2, 5):
            with self.subTest(total=total):
                position = {key_of(it): i for i, it in enumerate(self.full["Items"])}
                for segment in range(total):
                    items = self.all_items(self.scan_pages(TableName=self.table, Segment=segment,
                                                           TotalSegments=total, Limit=7))
                    positions = [position[key_of(it)] for it in items]
                    self.assertEqual(positions, sorted(positions))


class ScanStartKeyTest(ScanTestBase):

    def make_table(self, count=60):
        table = self.create_table(hash_key=("pk", "S"), range_key=("sk", "N"), prefix="kscan")
        items = [{"pk": s("p%d" % (i % 9)), "sk": n(i)} for i in range(count)]
        write_all(self.ddb, table, items)
        return table, self.ddb.scan(TableName=table)["Items"]

    def test_resume_after_the_named_item_was_deleted(self):
        table, order = self.make_table()
        first = self.ddb.scan(TableName=table, Limit=10)
        self.assertEqual(first["Items"], order[:10])
        # Delete the item the key names and the next one.
        for item in order[9:11]:
            self.ddb.delete_item(TableName=table, Key={"pk": item["pk"], "sk": item["sk"]})
        rest = self.all_items(self.scan_pages(TableName=table, Limit=10, ExclusiveStartKey=first["LastEvaluatedKey"]))
        self.assertEqual(rest, order[11:])

    def test_delete_every_page_boundary_while_paging(self):
        table, order = self.make_table()
        seen, start = [], None
        while True:
            kw = {"ExclusiveStartKey": start} if start else {}
            page = self.ddb.scan(TableName=table, Limit=7, **kw)
            seen.extend(page["Items"])
            start = page.get("LastEvaluatedKey")
            if not start:
                break
            self.ddb.delete_item(TableName=table, Key=start)
        self.assertEqual(seen, order)

    def test_start_key_that_never_existed(self):
        table, order = self.make_table()
        item = order[20]
        key = {"pk": item["pk"], "sk": n(Decimal(item["sk"]["N"]) + Decimal("0.5"))}
        rest = self.ddb.scan(TableName=table, ExclusiveStartKey=key)["Items"]
        # Everything after the key's position in scan order: the rest of its partition, then later partitions.
        self.assertEqual(rest, [it for it in order[21:]
                                if it["pk"] != item["pk"] or Decimal(it["sk"]["N"]) > Decimal(key["sk"]["N"])])

    def test_start_key_of_the_last_item(self):
        table, order = self.make_table()
        last = order[-1]
        page = self.ddb.scan(TableName=table, ExclusiveStartKey={"pk": last["pk"], "sk": last["sk"]})
        self.assertEqual((page["Items"], page["Count"], page["ScannedCount"]), ([], 0, 0))
        self.assertNotIn("LastEvaluatedKey", page)

    def test_empty_table(self):
        table = self.create_table(hash_key=("pk", "S"), prefix="escan")
        page = self.ddb.scan(TableName=table)
        self.assertEqual((page["Items"], page["Count"], page["ScannedCount"]), ([], 0, 0))
        self.assertNotIn("LastEvaluatedKey", page)
        page = self.ddb.scan(TableName=table, Segment=3, TotalSegments=4, Limit=1)
        self.assertEqual(page["Items"], [])


class ScanPageSizeTest(ScanTestBase):
    """The 1 MB page limit with items of about 100 KB."""

    ITEMS = 25
    PAYLOAD = 100 * 1024

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.table = cls.create_table(hash_key=("pk", "S"), prefix="bscan")
        cls.items = [{"pk": s("k%02d" % i), "payload": s("d" * cls.PAYLOAD)} for i in range(cls.ITEMS)]
        for item in cls.items:
            cls.ddb.put_item(TableName=cls.table, Item=item)
        cls.item_bytes = len("pk") + 3 + len("payload") + cls.PAYLOAD

    def check(self, pages):
        self.assertGreaterEqual(len(pages), 3)
        for page in pages[:-1]:
            read = page["ScannedCount"] * self.item_bytes
            self.assertGreaterEqual(read, MB - self.item_bytes)
            self.assertLess(read, MB + self.item_bytes)
            self.assertIn(page["ScannedCount"], (10, 11))
            self.assertIn("LastEvaluatedKey", page)
        self.assertEqual(sum(p["ScannedCount"] for p in pages), self.ITEMS)

    def test_pages_of_about_one_megabyte(self):
        pages = self.scan_pages(TableName=self.table)
        self.check(pages)
        self.assertCountEqual([it["pk"]["S"] for it in self.all_items(pages)], ["k%02d" % i for i in range(25)])

    def test_count_and_filter_pages_too(self):
        self.check(self.scan_pages(TableName=self.table, Select="COUNT"))
        pages = self.scan_pages(TableName=self.table, FilterExpression="attribute_not_exists(payload)")
        self.check(pages)
        self.assertEqual(sum(p["Count"] for p in pages), 0)

    def test_parallel_segments_page_by_size(self):
        seen = []
        for segment in range(2):
            pages = self.scan_pages(TableName=self.table, Segment=segment, TotalSegments=2, ProjectionExpression="pk")
            for page in pages[:-1]:
                self.assertIn(page["ScannedCount"], (10, 11))
            seen.extend(it["pk"]["S"] for it in self.all_items(pages))
        self.assertCountEqual(seen, ["k%02d" % i for i in range(25)])


class ScanFilterTest(ScanTestBase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.table = cls.create_table(hash_key=("pk", "S"), range_key=("sk", "N"), prefix="fscan")
        cls.items = [{"pk": s("p%d" % (i % 5)), "sk": n(i), "tag": s("even" if i % 2 == 0 else "odd"),
                      "m": {"M": {"x": n(i), "y": s("y")}}} for i in range(40)]
        write_all(cls.ddb, cls.table, cls.items)

    def test_count_and_scanned_count(self):
        page = self.ddb.scan(TableName=self.table, FilterExpression="tag = :t", ExpressionAttributeValues={":t": s("odd")})
        self.assertEqual((page["Count"], page["ScannedCount"]), (20, 40))
        self.assertTrue(all(it["tag"] == s("odd") for it in page["Items"]))

    def test_limit_counts_before_the_filter(self):
        pages = self.scan_pages(TableName=self.table, Limit=6, FilterExpression="tag = :t",
                                ExpressionAttributeValues={":t": s("odd")})
        self.assertEqual(sum(p["Count"] for p in pages), 20)
        self.assertEqual(sum(p["ScannedCount"] for p in pages), 40)
        for page in pages[:-1]:
            self.assertEqual(page["ScannedCount"], 6)
            self.assertEqual(page["Count"], len(page["Items"]))

    def test_filter_on_key_attributes_is_allowed_in_scan(self):
        page = self.ddb.scan(TableName=self.table, FilterExpression="pk = :p AND sk > :n",
                             ExpressionAttributeValues={":p": s("p1"), ":n": n(20)})
        self.assertEqual(sorted(int(it["sk"]["N"]) for it in page["Items"]), [21, 26, 31, 36])

    def test_filter_matching_nothing(self):
        page = self.ddb.scan(TableName=self.table, Limit=5, FilterExpression="attribute_exists(nope)")
        self.assertEqual((page["Items"], page["Count"], page["ScannedCount"]), ([], 0, 5))
        self.assertIn("LastEvaluatedKey", page)

    def test_select_count_with_filter(self):
        page = self.ddb.scan(TableName=self.table, Select="COUNT", FilterExpression="m.x >= :n",
                             ExpressionAttributeValues={":n": n(30)})
        self.assertNotIn("Items", page)
        self.assertEqual((page["Count"], page["ScannedCount"]), (10, 40))

    def test_projection(self):
        page = self.ddb.scan(TableName=self.table, ProjectionExpression="#m.x, sk", ExpressionAttributeNames={"#m": "m"},
                             FilterExpression="sk = :n", ExpressionAttributeValues={":n": n(7)})
        self.assertEqual(page["Items"], [{"sk": n(7), "m": {"M": {"x": n(7)}}}])

    def test_legacy_attributes_to_get(self):
        page = self.ddb.scan(TableName=self.table, AttributesToGet=["tag"], Limit=3)
        self.assertEqual(len(page["Items"]), 3)
        self.assertTrue(all(set(it) == {"tag"} for it in page["Items"]))

    def test_legacy_scan_filter(self):
        page = self.ddb.scan(TableName=self.table, ScanFilter={
            "tag": {"ComparisonOperator": "EQ", "AttributeValueList": [s("even")]},
            "sk": {"ComparisonOperator": "LT", "AttributeValueList": [n(10)]}})
        self.assertEqual(sorted(int(it["sk"]["N"]) for it in page["Items"]), [0, 2, 4, 6, 8])
        self.assertEqual((page["Count"], page["ScannedCount"]), (5, 40))

    def test_resource_scan_with_attr_conditions(self):
        table = make_resource(self.endpoint).Table(self.table)
        resp = table.scan(FilterExpression=Attr("tag").eq("even") & Attr("sk").between(10, 20))
        self.assertEqual(sorted(int(it["sk"]) for it in resp["Items"]), [10, 12, 14, 16, 18, 20])
        self.assertEqual(resp["ScannedCount"], 40)


class ScanValidationTest(ScanTestBase):
    """Validation errors with DynamoDB's exact messages (texts recorded by
    dynalite's test/scan.js against DynamoDB)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.table = cls.create_table(hash_key=("pk", "S"), range_key=("sk", "S"), prefix="vscan")
        cls.ddb.put_item(TableName=cls.table, Item={"pk": s("a"), "sk": s("b")})

    def error(self, message, **kw):
        kw.setdefault("TableName", self.table)
        return self.assertValidation(lambda: self.raw.scan(**kw), message)

    def test_segment_without_total_segments(self):
        self.error("The TotalSegments parameter is required but was not present in the request when Segment "
                   "parameter is present", Segment=1)

    def test_total_segments_without_segment(self):
        self.error("The Segment parameter is required but was not present in the request when parameter "
                   "TotalSegments is present", TotalSegments=2)

    def test_segment_not_less_than_total_segments(self):
        self.error("The Segment parameter is zero-based and must be less than parameter TotalSegments: Segment: 1 "
                   "is not less than TotalSegments: 1", Segment=1, TotalSegments=1)
        self.error("The Segment parameter is zero-based and must be less than parameter TotalSegments: Segment: 7 "
                   "is not less than TotalSegments: 3", Segment=7, TotalSegments=3)

    def test_segment_bounds(self):
        self.error("1 validation error detected: Value '0' at 'totalSegments' failed to satisfy constraint: Member "
                   "must have value greater than or equal to 1", Segment=0, TotalSegments=0)
        self.error("1 validation error detected: Value '1000001' at 'totalSegments' failed to satisfy constraint: "
                   "Member must have value less than or equal to 1000000", Segment=0, TotalSegments=1000001)
        self.error("1 validation error detected: Value '-1' at 'segment' failed to satisfy constraint: Member must "
                   "have value greater than or equal to 0", Segment=-1, TotalSegments=2)
        self.error("1 validation error detected: Value '1000000' at 'segment' failed to satisfy constraint: Member "
                   "must have value less than or equal to 999999", Segment=1000000, TotalSegments=1000000)

    def test_limit_zero(self):
        self.error("1 validation error detected: Value '0' at 'limit' failed to satisfy constraint: Member must have "
                   "value greater than or equal to 1", Limit=0)

    def test_start_key_that_does_not_match_the_schema(self):
        for key in ({"pk": s("a")}, {"sk": s("b")}, {"pk": s("a"), "sk": n(1)}, {"pk": n(1), "sk": s("b")},
                    {"pk": s("a"), "sk": s("b"), "x": s("c")}, {"pk": s("a"), "other": s("b")}):
            with self.subTest(key=key):
                self.error(BAD_START_KEY, ExclusiveStartKey=key)

    def test_start_key_with_invalid_value(self):
        self.error("The provided starting key is invalid: Supplied AttributeValue is empty, must contain exactly one "
                   "of the supported datatypes", ExclusiveStartKey={"pk": s("a"), "sk": {}})

    def test_expression_attributes_without_expressions(self):
        self.error("ExpressionAttributeValues can only be specified when using expressions: FilterExpression is null",
                   ExpressionAttributeValues={":a": s("a")})
        self.error("ExpressionAttributeNames can only be specified when using expressions",
                   ExpressionAttributeNames={"#a": "a"})

    def test_expression_and_legacy_parameters(self):
        self.error("Can not use both expression and non-expression parameters in the same request: Non-expression "
                   "parameters: {ScanFilter} Expression parameters: {FilterExpression}",
                   FilterExpression="attribute_exists(a)", ScanFilter={"a": {"ComparisonOperator": "NOT_NULL"}})
        self.error("Can not use both expression and non-expression parameters in the same request: Non-expression "
                   "parameters: {AttributesToGet} Expression parameters: {ProjectionExpression}",
                   ProjectionExpression="a", AttributesToGet=["a"])

    def test_empty_and_invalid_filter_expression(self):
        self.error("Invalid FilterExpression: The expression can not be empty;", FilterExpression="")
        self.assertValidation(lambda: self.raw.scan(TableName=self.table, FilterExpression="a >"),
                              regex=r"Invalid FilterExpression: Syntax error; token: .*")

    def test_filter_on_nested_key_paths(self):
        for expression, key in (("attribute_exists(pk.b)", "pk"), ("attribute_exists(sk[0])", "sk")):
            with self.subTest(expression=expression):
                self.error("Key attributes must be scalars; list random access '[]' and map lookup '.' are not "
                           "allowed: Key: " + key, FilterExpression=expression)

    def test_select_errors(self):
        self.error("ALL_PROJECTED_ATTRIBUTES can be used only when Querying using an IndexName",
                   Select="ALL_PROJECTED_ATTRIBUTES")
        self.error("Cannot specify the ProjectionExpression when choosing to get only the Count", Select="COUNT",
                   ProjectionExpression="a")
        self.error("Cannot specify the AttributesToGet when choosing to get ALL_ATTRIBUTES", Select="ALL_ATTRIBUTES",
                   AttributesToGet=["a"])
        self.error("Must specify the AttributesToGet or ProjectionExpression when choosing to get SPECIFIC_ATTRIBUTES",
                   Select="SPECIFIC_ATTRIBUTES")

    def test_duplicate_attributes_to_get(self):
        self.error(INVALID + "Duplicate value in attribute name: a", AttributesToGet=["a", "a"])

    def test_missing_table_and_index(self):
        self.assertDynamoError(lambda: self.ddb.scan(TableName=unique_name("missing")), "ResourceNotFoundException",
                               "Requested resource not found")
        self.error("The table does not have the specified index: nope", IndexName="nope")

    def test_syntax_errors_come_before_a_missing_table(self):
        missing = unique_name("missing")
        self.assertValidation(lambda: self.ddb.scan(TableName=missing, FilterExpression="a = = b"),
                              regex=r"Invalid FilterExpression: Syntax error; token: .*")
        self.assertValidation(lambda: self.ddb.scan(TableName=missing, ProjectionExpression="a,,b"),
                              regex=r"Invalid ProjectionExpression: Syntax error; token: .*")


if __name__ == "__main__":
    unittest.main()
