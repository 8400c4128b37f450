"""BatchWriteItem, BatchGetItem and boto3's Table.batch_writer()."""

import unittest

from harness import DynamoTestCase, make_resource, unique_name

INVALID = "One or more parameter values were invalid: "
OVER_25_RE = (r"1 validation error detected: Value '\{.+\}' at 'requestItems' failed to satisfy constraint: "
              r"Map value must satisfy constraint: \[Member must have length less than or equal to 25, "
              r"Member must have length greater than or equal to 1\]")


def key(i, prefix="k"):
    return {"pk": {"S": "%s%03d" % (prefix, i)}}


def put_req(item):
    return {"PutRequest": {"Item": item}}


def del_req(k):
    return {"DeleteRequest": {"Key": k}}


class BatchWriteTest(DynamoTestCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.table = cls.create_table(prefix="bw")
        cls.other = cls.create_table(hash_key=("id", "N"), prefix="bw2")

    def prefix(self):
        return unique_name("p") + "_"

    def test_25_puts(self):
        p = self.prefix()
        items = [dict(key(i, p), v={"N": str(i)}) for i in range(25)]
        resp = self.ddb.batch_write_item(RequestItems={self.table: [put_req(it) for it in items]})
        self.assertEqual(resp["UnprocessedItems"], {})
        for it in items:
            self.assertEqual(self.get(self.table, {"pk": it["pk"]}), it)

    def test_25_items_of_almost_400_kb(self):
        # About 9.8 MB in one request: well under the 16 MB request limit.
        p = self.prefix()
        items = [dict(key(i, p), blob={"B": bytes([i]) * 390000}) for i in range(25)]
        resp = self.ddb.batch_write_item(RequestItems={self.table: [put_req(it) for it in items]})
        self.assertEqual(resp["UnprocessedItems"], {})
        got = self.ddb.batch_get_item(RequestItems={self.table: {"Keys": [key(i, p) for i in (0, 24)]}})
        self.assertCountEqual([it["blob"]["B"] for it in got["Responses"][self.table]],
                              [bytes([0]) * 390000, bytes([24]) * 390000])

    def test_26_requests_are_rejected(self):
        p = self.prefix()
        requests = [put_req(key(i, p)) if i % 2 else del_req(key(i, p)) for i in range(26)]
        self.assertValidation(lambda: self.raw.batch_write_item(RequestItems={self.table: requests}),
                              regex=OVER_25_RE)
        self.assertIsNone(self.get(self.table, key(1, p)))

    def test_puts_and_deletes_together(self):
        p = self.prefix()
        for i in range(5):
            self.put(self.table, key(i, p))
        requests = [del_req(key(i, p)) for i in range(5)] + [put_req(key(i, p)) for i in range(5, 10)]
        resp = self.ddb.batch_write_item(RequestItems={self.table: requests})
        self.assertEqual(resp["UnprocessedItems"], {})
        for i in range(5):
            self.assertIsNone(self.get(self.table, key(i, p)))
        for i in range(5, 10):
            self.assertEqual(self.get(self.table, key(i, p)), key(i, p))

    def test_put_overwrites_existing_item(self):
        p = self.prefix()
        self.put(self.table, dict(key(0, p), old={"S": "x"}))
        self.ddb.batch_write_item(RequestItems={self.table: [put_req(dict(key(0, p), new={"S": "y"}))]})
        self.assertEqual(self.get(self.table, key(0, p)), dict(key(0, p), new={"S": "y"}))

    def test_delete_of_missing_item_is_fine(self):
        resp = self.ddb.batch_write_item(RequestItems={self.table: [del_req(key(0, self.prefix()))]})
        self.assertEqual(resp["UnprocessedItems"], {})

    def test_two_tables_in_one_batch(self):
        p = self.prefix()
        resp = self.ddb.batch_write_item(RequestItems={
            self.table: [put_req(key(0, p))],
            self.other: [put_req({"id": {"N": "7"}, "p": {"S": p}})],
        })
        self.assertEqual(resp["UnprocessedItems"], {})
        self.assertEqual(self.get(self.table, key(0, p)), key(0, p))
        self.assertEqual(self.get(self.other, {"id": {"N": "7"}}), {"id": {"N": "7"}, "p": {"S": p}})

    def test_25_requests_over_two_tables(self):
        p = self.prefix()
        resp = self.ddb.batch_write_item(RequestItems={
            self.table: [put_req(key(i, p)) for i in range(13)],
            self.other: [put_req({"id": {"N": str(1000 + i)}}) for i in range(12)],
        })
        self.assertEqual(resp["UnprocessedItems"], {})

    def test_more_than_25_requests_over_two_tables(self):
        p = self.prefix()
        self.assertValidation(
            lambda: self.raw.batch_write_item(RequestItems={
                self.table: [put_req(key(i, p)) for i in range(13)],
                self.other: [put_req({"id": {"N": str(2000 + i)}}) for i in range(13)],
            }),
            "Too many items requested for the BatchWriteItem call")

    def test_duplicate_puts_are_rejected(self):
        p = self.prefix()
        self.assertValidation(
            lambda: self.ddb.batch_write_item(RequestItems={self.table: [
                put_req(dict(key(0, p), v={"S": "a"})), put_req(dict(key(0, p), v={"S": "b"}))]}),
            "Provided list of item keys contains duplicates")
        self.assertIsNone(self.get(self.table, key(0, p)))

    def test_put_and_delete_of_same_key_are_rejected(self):
        p = self.prefix()
        self.assertValidation(
            lambda: self.ddb.batch_write_item(RequestItems={self.table: [put_req(key(0, p)), del_req(key(0, p))]}),
            "Provided list of item keys contains duplicates")
        self.assertValidation(
            lambda: self.ddb.batch_write_item(RequestItems={self.table: [del_req(key(0, p)), put_req(key(0, p))]}),
            "Provided list of item keys contains duplicates")

    def test_duplicate_numeric_keys_in_different_spelling(self):
        self.assertValidation(
            lambda: self.ddb.batch_write_item(RequestItems={self.other: [
                put_req({"id": {"N": "5"}}), put_req({"id": {"N": "5.0"}})]}),
            "Provided list of item keys contains duplicates")

    def test_invalid_request_writes_nothing(self):
        p = self.prefix()
        self.assertValidation(
            lambda: self.raw.batch_write_item(RequestItems={self.table: [
                put_req(key(0, p)), put_req({"pk": {"N": "1"}})]}),
            "The provided key element does not match the schema")
        self.assertIsNone(self.get(self.table, key(0, p)))

    def test_missing_table(self):
        self.assertDynamoError(
            lambda: self.ddb.batch_write_item(RequestItems={unique_name("missing"): [put_req(key(0))]}),
            "ResourceNotFoundException", "Requested resource not found")

    def test_empty_request_items(self):
        self.assertValidation(lambda: self.raw.batch_write_item(RequestItems={}),
                              "The requestItems parameter is required for BatchWriteItem")

    def test_missing_request_items(self):
        # Raw HTTP: botocore cannot even build a BatchWriteItem call without RequestItems.
        resp = self.request("BatchWriteItem", {})
        self.assertEqual(resp.status, 400)
        self.assertEqual(resp.error_type(), "ValidationException")
        self.assertMessage(resp.json().get("message"),
                           "1 validation error detected: Value null at 'requestItems' failed to satisfy constraint: "
                           "Member must not be null")

    def test_item_too_big(self):
        p = self.prefix()
        self.assertValidation(
            lambda: self.raw.batch_write_item(RequestItems={self.table: [
                put_req(dict(key(0, p), b={"S": "a" * 409600}))]}),
            "Item size has exceeded the maximum allowed size")

    def test_invalid_attribute_value(self):
        p = self.prefix()
        self.assertValidation(
            lambda: self.raw.batch_write_item(RequestItems={self.table: [put_req(dict(key(0, p), s={"SS": []}))]}),
            INVALID + "An string set  may not be empty")

    def test_delete_key_must_match_schema(self):
        self.assertValidation(
            lambda: self.raw.batch_write_item(RequestItems={self.table: [
                del_req({"pk": {"S": "a"}, "extra": {"S": "b"}})]}),
            "The provided key element does not match the schema")


class BatchGetTest(DynamoTestCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.table = cls.create_table(prefix="bg")
        cls.other = cls.create_table(hash_key=("id", "N"), prefix="bg2")
        cls.items = [dict(key(i), v={"N": str(i)}, s={"S": "x" * i}) for i in range(100)]
        for start in range(0, 100, 25):
            cls.ddb.batch_write_item(RequestItems={cls.table: [put_req(it) for it in cls.items[start:start + 25]]})
        cls.ddb.put_item(TableName=cls.other, Item={"id": {"N": "1"}, "v": {"S": "other"}})

    def test_100_keys(self):
        resp = self.ddb.batch_get_item(RequestItems={self.table: {"Keys": [key(i) for i in range(100)]}})
        self.assertEqual(resp["UnprocessedKeys"], {})
        got = sorted(resp["Responses"][self.table], key=lambda it: it["pk"]["S"])
        self.assertEqual(got, self.items)

    def test_missing_items_are_omitted(self):
        resp = self.ddb.batch_get_item(RequestItems={self.table: {
            "Keys": [key(1), key(500), key(2), key(501)], "ConsistentRead": True}})
        self.assertEqual(resp["UnprocessedKeys"], {})
        got = sorted(resp["Responses"][self.table], key=lambda it: it["pk"]["S"])
        self.assertEqual(got, [self.items[1], self.items[2]])

    def test_table_with_no_found_items_has_empty_list(self):
        resp = self.ddb.batch_get_item(RequestItems={self.table: {"Keys": [key(900)]}})
        self.assertEqual(resp["Responses"], {self.table: []})
        self.assertEqual(resp["UnprocessedKeys"], {})

    def test_two_tables(self):
        resp = self.ddb.batch_get_item(RequestItems={
            self.table: {"Keys": [key(3)]},
            self.other: {"Keys": [{"id": {"N": "1.0"}}], "ConsistentRead": True},
        })
        self.assertEqual(resp["Responses"][self.table], [self.items[3]])
        self.assertEqual(resp["Responses"][self.other], [{"id": {"N": "1"}, "v": {"S": "other"}}])

    def test_attributes_to_get(self):
        resp = self.ddb.batch_get_item(RequestItems={self.table: {"Keys": [key(4)], "AttributesToGet": ["v"]}})
        self.assertEqual(resp["Responses"][self.table], [{"v": {"N": "4"}}])

    def test_more_than_100_keys_over_two_tables(self):
        self.assertValidation(
            lambda: self.raw.batch_get_item(RequestItems={
                self.table: {"Keys": [key(i) for i in range(100)]},
                self.other: {"Keys": [{"id": {"N": "1"}}]},
            }),
            "Too many items requested for the BatchGetItem call")

    def test_duplicate_keys_are_rejected(self):
        self.assertValidation(
            lambda: self.ddb.batch_get_item(RequestItems={self.table: {"Keys": [key(1), key(2), key(1)]}}),
            "Provided list of item keys contains duplicates")

    def test_key_must_match_schema(self):
        self.assertValidation(
            lambda: self.raw.batch_get_item(RequestItems={self.table: {"Keys": [{"pk": {"N": "1"}}]}}),
            "The provided key element does not match the schema")

    def test_missing_table(self):
        self.assertDynamoError(
            lambda: self.ddb.batch_get_item(RequestItems={unique_name("missing"): {"Keys": [key(0)]}}),
            "ResourceNotFoundException", "Requested resource not found")

    def test_empty_keys(self):
        self.assertValidation(
            lambda: self.raw.batch_get_item(RequestItems={self.table: {"Keys": []}}),
            "1 validation error detected: Value '[]' at 'requestItems.%s.member.keys' failed to satisfy "
            "constraint: Member must have length greater than or equal to 1" % self.table)

    def test_empty_request_items(self):
        # us-east-1 wording as captured in 2026 (some regions now answer with a constraint message).
        self.assertValidation(lambda: self.raw.batch_get_item(RequestItems={}),
                              "The requestItems parameter is required for BatchGetItem")

    def test_more_than_100_keys_in_one_table(self):
        self.assertValidation(
            lambda: self.raw.batch_get_item(RequestItems={self.table: {"Keys": [key(i) for i in range(101)]}}),
            "1 validation error detected: Value at 'RequestItems.%s.member.Keys' failed to satisfy constraint: "
            "Member must have length less than or equal to 100" % self.table)

    def test_projection_and_attributes_to_get_across_tables(self):
        other = self.create_table(hash_key=("pk", "S"), prefix="bgmix")
        self.assertValidation(
            lambda: self.raw.batch_get_item(RequestItems={
                self.table: {"Keys": [key(1)], "ProjectionExpression": "pk"},
                other: {"Keys": [{"pk": {"S": "x"}}], "AttributesToGet": ["pk"]}}),
            "Can not use both expression and non-expression parameters in the same request: Non-expression "
            "parameters: {AttributesToGet} Expression parameters: {ProjectionExpression}")

    def test_duplicate_attributes_to_get(self):
        self.assertValidation(
            lambda: self.raw.batch_get_item(RequestItems={self.table: {"Keys": [key(1)], "AttributesToGet": ["a", "a"]}}),
            INVALID + "Duplicate value in attribute name: a")


class BatchWriterTest(DynamoTestCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.table_name = cls.create_table(hash_key=("pk", "S"), range_key=("sk", "N"), prefix="writer")
        cls.resource = make_resource(cls.endpoint)

    def test_batch_writer_puts_more_than_25_items(self):
        table = self.resource.Table(self.table_name)
        with table.batch_writer() as writer:
            for i in range(130):
                writer.put_item(Item={"pk": "bulk", "sk": i, "data": "value-%d" % i, "tags": {"a", "b"}})
        for i in (0, 24, 25, 26, 99, 129):
            item = table.get_item(Key={"pk": "bulk", "sk": i}, ConsistentRead=True)["Item"]
            self.assertEqual(item["data"], "value-%d" % i)
            self.assertEqual(item["tags"], {"a", "b"})
        resp = self.ddb.batch_get_item(RequestItems={self.table_name: {
            "Keys": [{"pk": {"S": "bulk"}, "sk": {"N": str(i)}} for i in range(100)]}})
        self.assertEqual(len(resp["Responses"][self.table_name]), 100)

    def test_batch_writer_deletes(self):
        table = self.resource.Table(self.table_name)
        with table.batch_writer() as writer:
            for i in range(40):
                writer.put_item(Item={"pk": "del", "sk": i})
        with table.batch_writer() as writer:
            for i in range(0, 40, 2):
                writer.delete_item(Key={"pk": "del", "sk": i})
        for i in range(40):
            got = table.get_item(Key={"pk": "del", "sk": i}, ConsistentRead=True).get("Item")
            if i % 2:
                self.assertEqual(got, {"pk": "del", "sk": i})
            else:
                self.assertIsNone(got)

    def test_batch_writer_overwrite_by_pkeys(self):
        table = self.resource.Table(self.table_name)
        with table.batch_writer(overwrite_by_pkeys=["pk", "sk"]) as writer:
            for round_ in range(3):
                for i in range(30):
                    writer.put_item(Item={"pk": "dedup", "sk": i, "round": round_})
            writer.delete_item(Key={"pk": "dedup", "sk": 29})
        for i in range(29):
            item = table.get_item(Key={"pk": "dedup", "sk": i}, ConsistentRead=True)["Item"]
            self.assertEqual(item["round"], 2)
        self.assertNotIn("Item", table.get_item(Key={"pk": "dedup", "sk": 29}, ConsistentRead=True))


if __name__ == "__main__":
    unittest.main()
