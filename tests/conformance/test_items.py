"""PutItem, GetItem and DeleteItem: the data model, validation, ReturnValues."""

import base64
import unittest

from harness import MAX_ITEM_SIZE, DynamoTestCase, unique_name

INVALID = "One or more parameter values were invalid: "


class ItemTestBase(DynamoTestCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.table = cls.create_table(hash_key=("pk", "S"), prefix="items")
        cls.range_table = cls.create_table(hash_key=("pk", "S"), range_key=("sk", "N"), prefix="range")
        cls.num_table = cls.create_table(hash_key=("id", "N"), prefix="num")
        cls.bin_table = cls.create_table(hash_key=("pk", "B"), prefix="bin")
        cls.str_range_table = cls.create_table(hash_key=("pk", "S"), range_key=("sk", "S"), prefix="srange")

    def key(self):
        return {"S": unique_name("k")}

    def roundtrip(self, value, name="v"):
        """Put an item holding `value` under `name`; return what GetItem gives back for it."""
        key = self.key()
        self.put(self.table, {"pk": key, name: value})
        item = self.get(self.table, {"pk": key})
        self.assertIsNotNone(item)
        return item.get(name)

    def put_attr_error(self, value, message=None, **kw):
        return self.assertValidation(
            lambda: self.raw.put_item(TableName=self.table, Item={"pk": self.key(), "v": value}), message, **kw)


class DataTypesTest(ItemTestBase):

    def test_string(self):
        self.assertEqual(self.roundtrip({"S": "hello"}), {"S": "hello"})

    def test_unicode_string(self):
        s = "h\u00e9llo \u65e5\u672c \U0001F600 \u0000 end"
        self.assertEqual(self.roundtrip({"S": s}), {"S": s})

    def test_empty_string_attribute(self):
        self.assertEqual(self.roundtrip({"S": ""}), {"S": ""})

    def test_number(self):
        self.assertEqual(self.roundtrip({"N": "-56.789"}), {"N": "-56.789"})

    def test_binary(self):
        data = bytes(range(256))
        self.assertEqual(self.roundtrip({"B": data}), {"B": data})

    def test_empty_binary_attribute(self):
        self.assertEqual(self.roundtrip({"B": b""}), {"B": b""})

    def test_bool(self):
        self.assertEqual(self.roundtrip({"BOOL": True}), {"BOOL": True})
        self.assertEqual(self.roundtrip({"BOOL": False}), {"BOOL": False})

    def test_null(self):
        self.assertEqual(self.roundtrip({"NULL": True}), {"NULL": True})

    def test_string_set(self):
        value = self.roundtrip({"SS": ["b", "a", "c"]})
        self.assertCountEqual(value["SS"], ["a", "b", "c"])

    def test_number_set_is_normalized(self):
        value = self.roundtrip({"NS": ["1.0", "-2", "003", "1E+2"]})
        self.assertCountEqual(value["NS"], ["1", "-2", "3", "100"])

    def test_binary_set(self):
        value = self.roundtrip({"BS": [b"\x01\x02", b"\x02", b"\x00"]})
        self.assertCountEqual(value["BS"], [b"\x01\x02", b"\x02", b"\x00"])

    def test_set_with_empty_string_member(self):
        self.assertEqual(self.roundtrip({"SS": [""]}), {"SS": [""]})

    def test_empty_map_and_list(self):
        self.assertEqual(self.roundtrip({"M": {}}), {"M": {}})
        self.assertEqual(self.roundtrip({"L": []}), {"L": []})

    def test_list_keeps_order_and_duplicates(self):
        value = {"L": [{"S": "b"}, {"S": "a"}, {"S": "b"}, {"N": "1"}, {"NULL": True}]}
        self.assertEqual(self.roundtrip(value), value)

    def test_every_type_in_one_item_nested(self):
        scalars = {
            "s": {"S": "a"}, "n": {"N": "-56.789"}, "b": {"B": b"b"}, "t": {"BOOL": True},
            "z": {"NULL": True}, "ss": {"SS": ["a"]}, "ns": {"NS": ["-56.789"]}, "bs": {"BS": [b"b"]},
        }
        item = dict(scalars)
        item["pk"] = self.key()
        item["l"] = {"L": list(scalars.values()) + [{"L": []}, {"M": {}}]}
        item["m"] = {"M": dict(scalars, deep={"M": {"a": {"M": {"b": {"L": [{"M": {"c": {"N": "1"}}}]}}}}})}
        self.put(self.table, item)
        self.assertItemEqual(self.get(self.table, {"pk": item["pk"]}), item)

    def test_attribute_names_are_case_sensitive_and_free_form(self):
        item = {"pk": self.key(), "a": {"S": "1"}, "A": {"S": "2"}, "with space.and.dots[0]": {"S": "3"},
                "\u00e9": {"S": "4"}}
        self.put(self.table, item)
        self.assertEqual(self.get(self.table, {"pk": item["pk"]}), item)

    def test_put_replaces_whole_item(self):
        key = self.key()
        self.put(self.table, {"pk": key, "a": {"S": "1"}, "b": {"S": "2"}})
        self.put(self.table, {"pk": key, "c": {"S": "3"}})
        self.assertEqual(self.get(self.table, {"pk": key}), {"pk": key, "c": {"S": "3"}})

    def test_put_returns_empty_response(self):
        resp = self.put(self.table, {"pk": self.key()})
        self.assertNotIn("Attributes", resp)
        self.assertNotIn("ConsumedCapacity", resp)


class NumberTest(ItemTestBase):

    def assertNormalizes(self, given, expected):
        self.assertEqual(self.roundtrip({"N": given}), {"N": expected}, given)

    def test_trailing_zero_fraction(self):
        self.assertNormalizes("1.0", "1")

    def test_leading_zeros(self):
        self.assertNormalizes("0001", "1")

    def test_exponent(self):
        self.assertNormalizes("1E+2", "100")
        self.assertNormalizes("1e2", "100")

    def test_negative_exponent(self):
        self.assertNormalizes("1.5e-3", "0.0015")

    def test_trailing_zeros_in_fraction(self):
        self.assertNormalizes("-0.50", "-0.5")

    def test_plus_sign(self):
        self.assertNormalizes("+7", "7")

    def test_zero_forms(self):
        self.assertNormalizes("0.000", "0")
        self.assertNormalizes("0e10", "0")

    def test_38_significant_digits_with_padding(self):
        self.assertNormalizes("0000012345678901234567890123456789012345678",
                              "12345678901234567890123456789012345678")
        self.assertNormalizes("-00001.23456789012345678901234567890123456780000",
                              "-1.2345678901234567890123456789012345678")

    def test_largest_magnitude(self):
        self.assertNormalizes("0009.99999999999999999999999999999999999990000e125", "9" * 38 + "0" * 88)
        self.assertNormalizes("-9.9999999999999999999999999999999999999E+125", "-" + "9" * 38 + "0" * 88)

    def test_smallest_magnitude(self):
        self.assertNormalizes("0001.000e-130", "0." + "0" * 129 + "1")
        self.assertNormalizes("-1E-130", "-0." + "0" * 129 + "1")

    def test_trailing_integer_zeros_are_not_significant(self):
        self.assertNormalizes("1" + "0" * 100, "1" + "0" * 100)

    def test_39_significant_digits(self):
        self.put_attr_error({"N": "123456789012345678901234567890123456789"},
                            "Attempting to store more than 38 significant digits in a Number")

    def test_39_significant_digits_fraction(self):
        self.put_attr_error({"N": "-1.23456789012345678901234567890123456789"},
                            "Attempting to store more than 38 significant digits in a Number")

    def test_overflow(self):
        self.put_attr_error({"N": "1e126"},
                            "Number overflow. Attempting to store a number with magnitude larger than supported range")
        self.put_attr_error({"N": "-1e126"},
                            "Number overflow. Attempting to store a number with magnitude larger than supported range")

    def test_underflow(self):
        self.put_attr_error({"N": "1e-131"}, "Number underflow. Attempting to store a number with magnitude "
                                             "smaller than supported range")
        self.put_attr_error({"N": "-1e-131"}, "Number underflow. Attempting to store a number with magnitude "
                                              "smaller than supported range")

    def test_not_a_number(self):
        self.put_attr_error({"N": "abc"}, "The parameter cannot be converted to a numeric value: abc")

    def test_non_numeric_forms(self):
        for text in ("NaN", "Infinity", "-Infinity", "dog", "1.2.3", "1e", "0x10"):
            with self.subTest(text=text):
                self.put_attr_error({"N": text}, "The parameter cannot be converted to a numeric value: " + text)

    def test_surrounding_spaces_are_not_allowed(self):
        for text in (" 1", "1 "):
            with self.subTest(text=text):
                self.put_attr_error({"N": text}, "The parameter cannot be converted to a numeric value: " + text)

    def test_leading_dot_and_zero_with_huge_exponent(self):
        self.assertNormalizes(".123", "0.123")
        self.assertNormalizes("0e1000", "0")
        self.assertNormalizes("-17.4E37", "-174" + "0" * 36)

    def test_underflow_just_below_smallest(self):
        self.put_attr_error({"N": "0.9e-130"}, "Number underflow. Attempting to store a number with magnitude "
                                               "smaller than supported range")

    def test_overflow_just_above_largest(self):
        self.put_attr_error({"N": "11e125"},
                            "Number overflow. Attempting to store a number with magnitude larger than supported range")

    def test_json_number_instead_of_string_is_serialization_exception(self):
        resp = self.request("PutItem", {"TableName": self.table, "Item": {"pk": {"S": "jsonnum"}, "v": {"N": 123}}})
        self.assertEqual(resp.status, 400)
        self.assertEqual(resp.error_type(), "SerializationException")

    def test_empty_number(self):
        self.put_attr_error({"N": ""}, "The parameter cannot be converted to a numeric value")

    def test_not_a_number_in_set(self):
        self.put_attr_error({"NS": ["1", "b"]}, "The parameter cannot be converted to a numeric value: b")

    def test_numeric_key_is_normalized(self):
        self.put(self.num_table, {"id": {"N": "1.50"}, "v": {"S": "x"}})
        self.assertEqual(self.get(self.num_table, {"id": {"N": "1.5"}}), {"id": {"N": "1.5"}, "v": {"S": "x"}})
        self.assertEqual(self.get(self.num_table, {"id": {"N": "15e-1"}}), {"id": {"N": "1.5"}, "v": {"S": "x"}})

    def test_numeric_key_equal_values_are_one_item(self):
        self.put(self.num_table, {"id": {"N": "100"}, "v": {"S": "first"}})
        self.put(self.num_table, {"id": {"N": "1E2"}, "v": {"S": "second"}})
        self.assertEqual(self.get(self.num_table, {"id": {"N": "100.000"}}),
                         {"id": {"N": "100"}, "v": {"S": "second"}})


class AttributeValidationTest(ItemTestBase):

    def test_empty_string_set(self):
        self.put_attr_error({"SS": []}, INVALID + "An string set  may not be empty")

    def test_empty_number_set(self):
        self.put_attr_error({"NS": []}, INVALID + "An number set  may not be empty")

    def test_empty_binary_set(self):
        self.put_attr_error({"BS": []}, INVALID + "Binary sets should not be empty")

    def test_duplicate_string_set_members(self):
        self.put_attr_error({"SS": ["a", "a"]}, INVALID + "Input collection [a, a] contains duplicates.")

    def test_duplicate_number_set_members(self):
        self.put_attr_error({"NS": ["1", "1"]}, "Input collection contains duplicates")

    def test_duplicate_binary_set_members(self):
        self.put_attr_error({"BS": [b"b", b"b"]}, INVALID + "Input collection [Yg==, Yg==]of type BS contains duplicates.")

    def test_empty_attribute_value(self):
        self.put_attr_error({}, "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes")

    def test_empty_attribute_value_nested(self):
        self.put_attr_error({"M": {"a": {}}},
                            "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes")
        self.put_attr_error({"L": [{}]},
                            "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes")

    def test_more_than_one_type(self):
        self.put_attr_error({"S": "a", "N": "1"}, "Supplied AttributeValue has more than one datatypes set, "
                                                  "must contain exactly one of the supported datatypes")

    def test_invalid_value_nested_in_map(self):
        self.put_attr_error({"M": {"a": {"SS": []}}}, INVALID + "An string set  may not be empty")

    def test_invalid_value_nested_in_list(self):
        self.put_attr_error({"L": [{"N": "abc"}]}, "The parameter cannot be converted to a numeric value: abc")

    @staticmethod
    def nested(depth):
        value = {"S": "leaf"}
        for i in range(depth):
            value = {"M": {"m%d" % i: value}} if i % 2 else {"L": [value]}
        return value

    def test_moderate_nesting_is_accepted(self):
        value = self.nested(20)
        self.assertEqual(self.roundtrip(value), value)

    def test_nesting_beyond_32_levels_is_rejected(self):
        # DynamoDB allows 32 levels of nesting; the exact wording for PutItem is not pinned down.
        self.put_attr_error(self.nested(40), regex=r"(1 validation error detected: )?(One or more parameter values "
                                                   r"were invalid: )?Nesting Levels have exceeded supported limits.*")

    def test_bad_base64_is_serialization_exception(self):
        resp = self.request("PutItem", {"TableName": self.table, "Item": {"pk": {"S": "b64"}, "v": {"B": "abc"}}})
        self.assertEqual(resp.status, 400)
        self.assertEqual(resp.error_type(), "SerializationException")


class KeyValidationTest(ItemTestBase):

    def test_put_key_type_mismatch(self):
        self.assertValidation(lambda: self.raw.put_item(TableName=self.table, Item={"pk": {"N": "1"}}),
                              INVALID + "Type mismatch for key pk expected: S actual: N")

    def test_put_key_type_mismatch_for_every_type(self):
        for value in ({"B": b"x"}, {"BOOL": True}, {"NULL": True}, {"SS": ["a"]}, {"NS": ["1"]},
                      {"BS": [b"a"]}, {"M": {}}, {"L": []}):
            actual = next(iter(value))
            with self.subTest(actual=actual):
                self.assertValidation(lambda: self.raw.put_item(TableName=self.table, Item={"pk": value}),
                                      INVALID + "Type mismatch for key pk expected: S actual: %s" % actual)

    def test_put_range_key_type_mismatch(self):
        self.assertValidation(
            lambda: self.raw.put_item(TableName=self.range_table, Item={"pk": {"S": "a"}, "sk": {"S": "1"}}),
            INVALID + "Type mismatch for key sk expected: N actual: S")

    def test_put_missing_hash_key(self):
        self.assertValidation(lambda: self.raw.put_item(TableName=self.table, Item={"other": {"S": "a"}}),
                              INVALID + "Missing the key pk in the item")

    def test_put_missing_range_key(self):
        self.assertValidation(lambda: self.raw.put_item(TableName=self.range_table, Item={"pk": {"S": "a"}}),
                              INVALID + "Missing the key sk in the item")

    def test_put_empty_string_key(self):
        self.assertValidation(
            lambda: self.raw.put_item(TableName=self.table, Item={"pk": {"S": ""}}),
            "One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain "
            "an empty string value. Key: pk")

    def test_put_empty_binary_key(self):
        self.assertValidation(
            lambda: self.raw.put_item(TableName=self.bin_table, Item={"pk": {"B": b""}}),
            "One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain "
            "an empty binary value. Key: pk")

    def test_get_empty_binary_key(self):
        self.assertValidation(
            lambda: self.raw.get_item(TableName=self.bin_table, Key={"pk": {"B": b""}}),
            "One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain "
            "an empty binary value. Key: pk")

    def test_hash_key_over_2048_bytes(self):
        self.assertValidation(
            lambda: self.raw.put_item(TableName=self.table, Item={"pk": {"S": "a" * 2049}}),
            INVALID + "Size of hashkey has exceeded the maximum size limit of2048 bytes")

    def test_hash_key_of_2048_bytes_is_accepted(self):
        key = {"pk": {"S": "k" * 2048}}
        self.put(self.table, key)
        self.assertEqual(self.get(self.table, key), key)

    def test_range_key_over_1024_bytes(self):
        self.assertValidation(
            lambda: self.raw.put_item(TableName=self.str_range_table,
                                      Item={"pk": {"S": "a"}, "sk": {"S": "b" * 1025}}),
            INVALID + "Aggregated size of all range keys has exceeded the size limit of 1024 bytes")

    def test_range_key_of_1024_bytes_is_accepted(self):
        key = {"pk": {"S": "a"}, "sk": {"S": "b" * 1024}}
        self.put(self.str_range_table, key)
        self.assertEqual(self.get(self.str_range_table, key), key)

    def test_get_extra_key_attribute(self):
        self.assertValidation(
            lambda: self.raw.get_item(TableName=self.table, Key={"pk": {"S": "a"}, "other": {"S": "b"}}),
            "The provided key element does not match the schema")

    def test_get_key_type_mismatch(self):
        self.assertValidation(lambda: self.raw.get_item(TableName=self.table, Key={"pk": {"N": "1"}}),
                              "The provided key element does not match the schema")

    def test_get_missing_range_key(self):
        self.assertValidation(lambda: self.raw.get_item(TableName=self.range_table, Key={"pk": {"S": "a"}}),
                              "The provided key element does not match the schema")

    def test_get_wrong_key_name(self):
        self.assertValidation(lambda: self.raw.get_item(TableName=self.table, Key={"id": {"S": "a"}}),
                              "The provided key element does not match the schema")

    def test_delete_extra_key_attribute(self):
        self.assertValidation(
            lambda: self.raw.delete_item(TableName=self.table, Key={"pk": {"S": "a"}, "other": {"S": "b"}}),
            "The provided key element does not match the schema")

    def test_delete_key_type_mismatch(self):
        self.assertValidation(lambda: self.raw.delete_item(TableName=self.table, Key={"pk": {"B": b"a"}}),
                              "The provided key element does not match the schema")

    def test_missing_table(self):
        name = unique_name("missing")
        self.assertDynamoError(lambda: self.ddb.put_item(TableName=name, Item={"pk": {"S": "a"}}),
                               "ResourceNotFoundException", "Requested resource not found")
        self.assertDynamoError(lambda: self.ddb.get_item(TableName=name, Key={"pk": {"S": "a"}}),
                               "ResourceNotFoundException", "Requested resource not found")
        self.assertDynamoError(lambda: self.ddb.delete_item(TableName=name, Key={"pk": {"S": "a"}}),
                               "ResourceNotFoundException", "Requested resource not found")

    def test_put_missing_item(self):
        self.assertValidation(
            lambda: self.raw.put_item(TableName=self.table),
            "1 validation error detected: Value null at 'item' failed to satisfy constraint: Member must not be null")

    def test_get_missing_key(self):
        self.assertValidation(
            lambda: self.raw.get_item(TableName=self.table),
            "1 validation error detected: Value null at 'key' failed to satisfy constraint: Member must not be null")

    def test_put_bad_table_name(self):
        self.assertValidation(
            lambda: self.raw.put_item(TableName="bad table!@#", Item={"pk": {"S": "a"}}),
            "1 validation error detected: Value 'bad table!@#' at 'tableName' failed to satisfy constraint: "
            "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+")

    def test_null_false_is_stored_as_null_true(self):
        self.put(self.table, {"pk": {"S": "null-false"}, "n": {"NULL": False}, "m": {"M": {"x": {"NULL": False}}}})
        self.assertEqual(self.get(self.table, {"pk": {"S": "null-false"}}),
                         {"pk": {"S": "null-false"}, "n": {"NULL": True}, "m": {"M": {"x": {"NULL": True}}}})

    def test_item_operations_table_name_rules(self):
        # The item operations check TableName as a constraint like any other
        # member (not CreateTable's "parameter is required" wording), and a name
        # shorter than CreateTable allows is simply a table that does not exist.
        null = "Value null at 'tableName' failed to satisfy constraint: Member must not be null"
        empty = "Value '' at 'tableName' failed to satisfy constraint: Member must have length greater than or equal to 1"
        calls = {
            "PutItem": lambda **kw: self.raw.put_item(Item={"pk": {"S": "a"}}, **kw),
            "GetItem": lambda **kw: self.raw.get_item(Key={"pk": {"S": "a"}}, **kw),
            "DeleteItem": lambda **kw: self.raw.delete_item(Key={"pk": {"S": "a"}}, **kw),
            "UpdateItem": lambda **kw: self.raw.update_item(Key={"pk": {"S": "a"}}, **kw),
            "Query": lambda **kw: self.raw.query(KeyConditionExpression="pk = :p",
                                                 ExpressionAttributeValues={":p": {"S": "a"}}, **kw),
            "Scan": lambda **kw: self.raw.scan(**kw),
        }
        for op, call in calls.items():
            with self.subTest(op=op):
                self.assertValidation(lambda: call(), "1 validation error detected: " + null)
                self.assertValidation(lambda: call(TableName=""), "1 validation error detected: " + empty)
                self.assertDynamoError(lambda: call(TableName="ab"), "ResourceNotFoundException")
        self.assertValidationList(lambda: self.raw.get_item(), [
            null, "Value null at 'key' failed to satisfy constraint: Member must not be null"])

    def test_binary_key_roundtrip(self):
        key = {"pk": {"B": b"\x00\xff\x10"}}
        self.put(self.bin_table, dict(key, v={"S": "x"}))
        self.assertEqual(self.get(self.bin_table, key), dict(key, v={"S": "x"}))

    def test_composite_key_items_are_distinct(self):
        pk = self.key()
        self.put(self.range_table, {"pk": pk, "sk": {"N": "1"}, "v": {"S": "one"}})
        self.put(self.range_table, {"pk": pk, "sk": {"N": "2"}, "v": {"S": "two"}})
        self.assertEqual(self.get(self.range_table, {"pk": pk, "sk": {"N": "2"}})["v"], {"S": "two"})
        self.assertEqual(self.get(self.range_table, {"pk": pk, "sk": {"N": "1"}})["v"], {"S": "one"})


class ItemSizeTest(ItemTestBase):

    def test_item_of_exactly_400_kb_is_accepted(self):
        key = "k" + unique_name()[-11:]
        # size = len("pk") + len(key) + len("b") + len(value)
        value = "a" * (MAX_ITEM_SIZE - 2 - len(key) - 1)
        self.put(self.table, {"pk": {"S": key}, "b": {"S": value}})
        self.assertEqual(len(self.get(self.table, {"pk": {"S": key}})["b"]["S"]), len(value))

    def test_item_one_byte_over_400_kb(self):
        key = "k" + unique_name()[-11:]
        value = "a" * (MAX_ITEM_SIZE - 2 - len(key) - 1 + 1)
        self.assertValidation(lambda: self.raw.put_item(TableName=self.table, Item={"pk": {"S": key}, "b": {"S": value}}),
                              "Item size has exceeded the maximum allowed size")

    def test_attribute_names_count_toward_size(self):
        key = "k" + unique_name()[-11:]
        name = "b" * 27
        value = "a" * (MAX_ITEM_SIZE - 2 - len(key) - len(name) + 1)
        self.assertValidation(lambda: self.raw.put_item(TableName=self.table, Item={"pk": {"S": key}, name: {"S": value}}),
                              "Item size has exceeded the maximum allowed size")

    def test_multibyte_characters_count_in_utf8_bytes(self):
        key = "k" + unique_name()[-11:]
        # Each "\u00e9" is two bytes in UTF-8.
        value = "\u00e9" * ((MAX_ITEM_SIZE - 2 - len(key) - 1) // 2 + 1)
        self.assertValidation(lambda: self.raw.put_item(TableName=self.table, Item={"pk": {"S": key}, "b": {"S": value}}),
                              "Item size has exceeded the maximum allowed size")

    def test_oversized_item_is_not_stored(self):
        key = {"pk": {"S": "k" + unique_name()[-11:]}}
        self.assertValidation(lambda: self.raw.put_item(TableName=self.table,
                                                        Item=dict(key, b={"B": b"x" * MAX_ITEM_SIZE})),
                              "Item size has exceeded the maximum allowed size")
        self.assertIsNone(self.get(self.table, key))


class ReturnValuesTest(ItemTestBase):

    def test_put_return_none(self):
        key = self.key()
        self.put(self.table, {"pk": key, "a": {"S": "1"}})
        resp = self.put(self.table, {"pk": key, "a": {"S": "2"}}, ReturnValues="NONE")
        self.assertNotIn("Attributes", resp)

    def test_put_all_old_on_new_item(self):
        resp = self.put(self.table, {"pk": self.key(), "a": {"S": "1"}}, ReturnValues="ALL_OLD")
        self.assertNotIn("Attributes", resp)

    def test_put_all_old_on_overwrite(self):
        key = self.key()
        old = {"pk": key, "a": {"N": "-0015.789e6"}, "b": {"SS": ["x"]}}
        self.put(self.table, old)
        resp = self.put(self.table, {"pk": key, "a": {"S": "new"}}, ReturnValues="ALL_OLD")
        self.assertEqual(resp["Attributes"], {"pk": key, "a": {"N": "-15789000"}, "b": {"SS": ["x"]}})

    def test_put_rejects_other_return_values(self):
        for mode in ("UPDATED_OLD", "ALL_NEW", "UPDATED_NEW"):
            with self.subTest(mode=mode):
                self.assertValidation(
                    lambda: self.ddb.put_item(TableName=self.table, Item={"pk": self.key()}, ReturnValues=mode),
                    "ReturnValues can only be ALL_OLD or NONE")

    def test_put_invalid_return_values(self):
        self.assertValidation(
            lambda: self.raw.put_item(TableName=self.table, Item={"pk": self.key()}, ReturnValues="SOME"),
            "1 validation error detected: Value 'SOME' at 'returnValues' failed to satisfy constraint: "
            "Member must satisfy enum value set: [ALL_NEW, UPDATED_OLD, ALL_OLD, NONE, UPDATED_NEW]")

    def test_conditional_operator_outside_its_enum(self):
        # Every constraint is reported in one message, in the model's member
        # order: conditionalOperator before returnValues.
        for op, args in (("put_item", {"Item": {"pk": self.key()}}), ("delete_item", {"Key": {"pk": self.key()}}),
                         ("update_item", {"Key": {"pk": self.key()}})):
            with self.subTest(op=op):
                self.assertValidation(
                    lambda: getattr(self.raw, op)(TableName=self.table, ConditionalOperator="XOR",
                                                  ReturnValues="SOME", **args),
                    "2 validation errors detected: Value 'XOR' at 'conditionalOperator' failed to satisfy "
                    "constraint: Member must satisfy enum value set: [AND, OR]; Value 'SOME' at 'returnValues' "
                    "failed to satisfy constraint: Member must satisfy enum value set: "
                    "[ALL_NEW, UPDATED_OLD, ALL_OLD, NONE, UPDATED_NEW]")

    def test_delete_all_old(self):
        key = self.key()
        item = {"pk": key, "a": {"L": [{"S": "x"}]}}
        self.put(self.table, item)
        resp = self.ddb.delete_item(TableName=self.table, Key={"pk": key}, ReturnValues="ALL_OLD")
        self.assertEqual(resp["Attributes"], item)
        self.assertIsNone(self.get(self.table, {"pk": key}))

    def test_delete_all_old_of_missing_item(self):
        resp = self.ddb.delete_item(TableName=self.table, Key={"pk": self.key()}, ReturnValues="ALL_OLD")
        self.assertNotIn("Attributes", resp)

    def test_delete_return_none(self):
        key = self.key()
        self.put(self.table, {"pk": key})
        resp = self.ddb.delete_item(TableName=self.table, Key={"pk": key}, ReturnValues="NONE")
        self.assertNotIn("Attributes", resp)

    def test_delete_rejects_other_return_values(self):
        for mode in ("UPDATED_OLD", "ALL_NEW", "UPDATED_NEW"):
            with self.subTest(mode=mode):
                self.assertValidation(
                    lambda: self.ddb.delete_item(TableName=self.table, Key={"pk": self.key()}, ReturnValues=mode),
                    "ReturnValues can only be ALL_OLD or NONE")


class GetDeleteTest(ItemTestBase):

    def test_get_missing_item_has_no_item(self):
        resp = self.ddb.get_item(TableName=self.table, Key={"pk": self.key()})
        self.assertNotIn("Item", resp)

    def test_get_consistent_and_eventually_consistent(self):
        key = self.key()
        item = {"pk": key, "a": {"S": "x"}}
        self.put(self.table, item)
        self.assertEqual(self.ddb.get_item(TableName=self.table, Key={"pk": key}, ConsistentRead=True)["Item"], item)
        self.assertEqual(self.ddb.get_item(TableName=self.table, Key={"pk": key}, ConsistentRead=False)["Item"], item)

    def test_attributes_to_get(self):
        key = self.key()
        self.put(self.table, {"pk": key, "a": {"S": "1"}, "b": {"N": "2"}, "c": {"S": "3"}})
        item = self.get(self.table, {"pk": key}, AttributesToGet=["a", "b", "missing"])
        self.assertEqual(item, {"a": {"S": "1"}, "b": {"N": "2"}})

    def test_attributes_to_get_can_name_key(self):
        key = self.key()
        self.put(self.table, {"pk": key, "a": {"S": "1"}})
        self.assertEqual(self.get(self.table, {"pk": key}, AttributesToGet=["pk"]), {"pk": key})

    def test_attributes_to_get_none_present(self):
        key = self.key()
        self.put(self.table, {"pk": key, "a": {"S": "1"}})
        resp = self.ddb.get_item(TableName=self.table, Key={"pk": key}, AttributesToGet=["zzz"], ConsistentRead=True)
        self.assertEqual(resp.get("Item", {}), {})

    def test_attributes_to_get_duplicates(self):
        self.assertValidation(
            lambda: self.raw.get_item(TableName=self.table, Key={"pk": self.key()}, AttributesToGet=["a", "a"]),
            INVALID + "Duplicate value in attribute name: a")

    def test_delete_removes_item(self):
        key = self.key()
        self.put(self.table, {"pk": key})
        resp = self.ddb.delete_item(TableName=self.table, Key={"pk": key})
        self.assertNotIn("Attributes", resp)
        self.assertIsNone(self.get(self.table, {"pk": key}))

    def test_delete_missing_item_succeeds(self):
        resp = self.ddb.delete_item(TableName=self.table, Key={"pk": self.key()})
        self.assertNotIn("Attributes", resp)

    def test_delete_composite_key_leaves_siblings(self):
        pk = self.key()
        self.put(self.range_table, {"pk": pk, "sk": {"N": "1"}})
        self.put(self.range_table, {"pk": pk, "sk": {"N": "2"}})
        self.ddb.delete_item(TableName=self.range_table, Key={"pk": pk, "sk": {"N": "1"}})
        self.assertIsNone(self.get(self.range_table, {"pk": pk, "sk": {"N": "1"}}))
        self.assertIsNotNone(self.get(self.range_table, {"pk": pk, "sk": {"N": "2"}}))

    def test_binary_values_travel_as_base64(self):
        key = self.key()
        data = b"\xfb\xff\x00"
        self.put(self.table, {"pk": key, "b": {"B": data}})
        resp = self.request("GetItem", {"TableName": self.table, "Key": {"pk": key}, "ConsistentRead": True})
        self.assertEqual(resp.json()["Item"]["b"], {"B": base64.b64encode(data).decode()})


class AttributeNameLimitTest(ItemTestBase):
    """Names that are not keys may be up to 65,535 bytes; 65,536 and empty
    names are refused wherever a name is given (the item, AttributesToGet,
    AttributeUpdates, ExpressionAttributeNames)."""

    LONG = "n" * 65536
    OK = "o" * 65535

    def test_a_name_of_65535_bytes_is_usable(self):
        key = self.key()
        self.put(self.table, {"pk": key, self.OK: {"N": "1"}})
        got = self.ddb.get_item(TableName=self.table, Key={"pk": key}, ConsistentRead=True,
                                ProjectionExpression="#n", ExpressionAttributeNames={"#n": self.OK})["Item"]
        self.assertEqual(got, {self.OK: {"N": "1"}})
        self.ddb.update_item(TableName=self.table, Key={"pk": key}, UpdateExpression="SET #n = #n + :one",
                             ExpressionAttributeNames={"#n": self.OK}, ExpressionAttributeValues={":one": {"N": "1"}})
        self.assertEqual(self.get(self.table, {"pk": key})[self.OK], {"N": "2"})

    def test_names_of_65536_bytes_are_refused(self):
        key = self.key()
        calls = [
            lambda: self.raw.put_item(TableName=self.table, Item={"pk": key, self.LONG: {"N": "1"}}),
            lambda: self.raw.get_item(TableName=self.table, Key={"pk": key}, AttributesToGet=[self.LONG]),
            lambda: self.raw.get_item(TableName=self.table, Key={"pk": key}, ProjectionExpression="#n",
                                      ExpressionAttributeNames={"#n": self.LONG}),
            lambda: self.raw.update_item(TableName=self.table, Key={"pk": key},
                                         AttributeUpdates={self.LONG: {"Value": {"N": "2"}, "Action": "PUT"}}),
            lambda: self.raw.update_item(TableName=self.table, Key={"pk": key}, UpdateExpression="SET #n = :v",
                                         ExpressionAttributeNames={"#n": self.LONG},
                                         ExpressionAttributeValues={":v": {"N": "1"}}),
            lambda: self.raw.update_item(TableName=self.table, Key={"pk": key}, UpdateExpression="SET a = :v",
                                         ConditionExpression="#n = :v", ExpressionAttributeNames={"#n": self.LONG},
                                         ExpressionAttributeValues={":v": {"N": "1"}}),
            lambda: self.raw.batch_write_item(RequestItems={self.table: [
                {"PutRequest": {"Item": {"pk": key, self.LONG: {"N": "1"}}}}]}),
            lambda: self.raw.transact_write_items(TransactItems=[
                {"Put": {"TableName": self.table, "Item": {"pk": key, self.LONG: {"N": "1"}}}}]),
        ]
        for call in calls:
            self.assertValidation(call, regex=".*6553[56].*")
        self.assertIsNone(self.get(self.table, {"pk": key}))

    def test_empty_names_are_refused(self):
        key = self.key()
        self.assertValidation(lambda: self.raw.put_item(TableName=self.table, Item={"pk": key, "": {"N": "1"}}),
                              regex="(?i).*empty.*")
        self.assertValidation(lambda: self.raw.update_item(
            TableName=self.table, Key={"pk": key}, UpdateExpression="SET #n = :v",
            ExpressionAttributeNames={"#n": ""}, ExpressionAttributeValues={":v": {"N": "1"}}),
            regex="ExpressionAttributeNames contains invalid value: .*#n")
        self.assertValidation(lambda: self.raw.update_item(
            TableName=self.table, Key={"pk": key}, AttributeUpdates={"": {"Value": {"N": "2"}, "Action": "PUT"}}),
            regex="(?i).*empty.*")
        self.assertIsNone(self.get(self.table, {"pk": key}))


if __name__ == "__main__":
    unittest.main()
