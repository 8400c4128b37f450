"""Condition, update and projection expressions; UpdateItem; legacy parameters."""

import threading
import unittest

from botocore.exceptions import ClientError

from harness import DynamoTestCase, make_client, unique_name

INVALID = "One or more parameter values were invalid: "


class ExpressionTestBase(DynamoTestCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.table = cls.create_table(hash_key=("pk", "S"), prefix="expr")
        cls.range_table = cls.create_table(hash_key=("pk", "S"), range_key=("sk", "S"), prefix="exprr")

    def key(self):
        return {"pk": {"S": unique_name("k")}}

    def seed(self, **attrs):
        """Put an item with the given attributes under a fresh key; return the key."""
        key = self.key()
        self.put(self.table, dict(key, **attrs))
        return key

    def update(self, key, expr, values=None, names=None, table=None, **kw):
        params = {"TableName": table or self.table, "Key": key, "UpdateExpression": expr}
        if values is not None:
            params["ExpressionAttributeValues"] = values
        if names is not None:
            params["ExpressionAttributeNames"] = names
        params.update(kw)
        return self.ddb.update_item(**params)

    def raw_update(self, key, expr, values=None, names=None, table=None, **kw):
        params = {"TableName": table or self.table, "Key": key}
        if expr is not None:
            params["UpdateExpression"] = expr
        if values is not None:
            params["ExpressionAttributeValues"] = values
        if names is not None:
            params["ExpressionAttributeNames"] = names
        params.update(kw)
        return lambda: self.raw.update_item(**params)

    def item(self, key, table=None):
        return self.get(table or self.table, key)


class ConditionalWriteTest(ExpressionTestBase):

    def test_put_if_not_exists_on_new_item(self):
        key = self.key()
        self.put(self.table, dict(key, v={"S": "1"}), ConditionExpression="attribute_not_exists(pk)")
        self.assertEqual(self.item(key), dict(key, v={"S": "1"}))

    def test_put_if_not_exists_on_existing_item_fails(self):
        key = self.seed(v={"S": "old"})
        self.assertConditionFailed(lambda: self.put(self.table, dict(key, v={"S": "new"}),
                                                    ConditionExpression="attribute_not_exists(pk)"))
        self.assertEqual(self.item(key), dict(key, v={"S": "old"}))

    def test_failed_condition_returns_old_item_when_asked(self):
        key = self.seed(v={"S": "old"}, n={"N": "1"})
        err = self.assertConditionFailed(lambda: self.put(
            self.table, dict(key, v={"S": "new"}), ConditionExpression="attribute_not_exists(pk)",
            ReturnValuesOnConditionCheckFailure="ALL_OLD"))
        self.assertEqual(err.response.get("Item"), dict(key, v={"S": "old"}, n={"N": "1"}))

    def test_failed_condition_returns_no_item_by_default(self):
        key = self.seed(v={"S": "old"})
        err = self.assertConditionFailed(lambda: self.put(self.table, dict(key),
                                                          ConditionExpression="attribute_not_exists(pk)"))
        self.assertNotIn("Item", err.response)

    def test_failed_condition_on_missing_item_returns_no_item(self):
        key = self.key()
        err = self.assertConditionFailed(lambda: self.put(
            self.table, key, ConditionExpression="attribute_exists(pk)",
            ReturnValuesOnConditionCheckFailure="ALL_OLD"))
        self.assertNotIn("Item", err.response)

    def test_put_condition_on_attribute_value(self):
        key = self.seed(v={"N": "5"})
        self.put(self.table, dict(key, v={"N": "6"}), ConditionExpression="v = :five",
                 ExpressionAttributeValues={":five": {"N": "5.0"}})
        self.assertConditionFailed(lambda: self.put(self.table, dict(key, v={"N": "7"}),
                                                    ConditionExpression="v = :five",
                                                    ExpressionAttributeValues={":five": {"N": "5"}}))
        self.assertEqual(self.item(key)["v"], {"N": "6"})

    def test_delete_with_condition(self):
        key = self.seed(state={"S": "done"})
        self.assertConditionFailed(lambda: self.ddb.delete_item(
            TableName=self.table, Key=key, ConditionExpression="#s = :v",
            ExpressionAttributeNames={"#s": "state"}, ExpressionAttributeValues={":v": {"S": "open"}}))
        self.assertIsNotNone(self.item(key))
        self.ddb.delete_item(TableName=self.table, Key=key, ConditionExpression="#s = :v",
                             ExpressionAttributeNames={"#s": "state"}, ExpressionAttributeValues={":v": {"S": "done"}})
        self.assertIsNone(self.item(key))

    def test_delete_missing_item_with_attribute_exists_fails(self):
        self.assertConditionFailed(lambda: self.ddb.delete_item(
            TableName=self.table, Key=self.key(), ConditionExpression="attribute_exists(pk)"))

    def test_delete_failed_condition_returns_old_item(self):
        key = self.seed(v={"S": "keep"})
        err = self.assertConditionFailed(lambda: self.ddb.delete_item(
            TableName=self.table, Key=key, ConditionExpression="attribute_not_exists(v)",
            ReturnValuesOnConditionCheckFailure="ALL_OLD"))
        self.assertEqual(err.response.get("Item"), dict(key, v={"S": "keep"}))

    def test_update_with_condition(self):
        key = self.seed(v={"S": "a"})
        self.assertConditionFailed(lambda: self.update(key, "SET v = :new", {":new": {"S": "b"}, ":old": {"S": "x"}},
                                                       ConditionExpression="v = :old"))
        self.update(key, "SET v = :new", {":new": {"S": "b"}, ":old": {"S": "a"}}, ConditionExpression="v = :old")
        self.assertEqual(self.item(key)["v"], {"S": "b"})

    def test_update_failed_condition_returns_old_item(self):
        key = self.seed(v={"S": "a"})
        err = self.assertConditionFailed(lambda: self.update(
            key, "SET v = :new", {":new": {"S": "b"}}, ConditionExpression="attribute_not_exists(v)",
            ReturnValuesOnConditionCheckFailure="ALL_OLD"))
        self.assertEqual(err.response.get("Item"), dict(key, v={"S": "a"}))

    def test_update_condition_on_missing_item_does_not_create_it(self):
        key = self.key()
        self.assertConditionFailed(lambda: self.update(key, "SET v = :v", {":v": {"S": "x"}},
                                                       ConditionExpression="attribute_exists(pk)"))
        self.assertIsNone(self.item(key))

    def test_racing_conditional_puts_only_one_wins(self):
        key = self.key()
        wins, losses, errors = [], [], []
        barrier = threading.Barrier(12)

        def writer(i):
            ddb = make_client(self.endpoint)
            barrier.wait()
            try:
                ddb.put_item(TableName=self.table, Item=dict(key, owner={"N": str(i)}),
                             ConditionExpression="attribute_not_exists(pk)")
                wins.append(i)
            except ClientError as exc:
                (losses if exc.response["Error"]["Code"] == "ConditionalCheckFailedException" else errors).append(exc)

        threads = [threading.Thread(target=writer, args=(i,)) for i in range(12)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
        self.assertEqual(errors, [])
        self.assertEqual(len(wins), 1)
        self.assertEqual(len(losses), 11)
        self.assertEqual(self.item(key)["owner"], {"N": str(wins[0])})


class ConditionSemanticsTest(ExpressionTestBase):
    """Conditions evaluated against one item, through PutItem's ConditionExpression."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.cond_key = {"pk": {"S": unique_name("cond")}}
        cls.cond_item = dict(cls.cond_key, **{
            "s": {"S": "hello world"}, "n": {"N": "10"}, "b": {"B": b"\x01\x02\x03"}, "t": {"BOOL": True},
            "z": {"NULL": True}, "ss": {"SS": ["red", "green"]}, "ns": {"NS": ["1", "2", "3"]},
            "l": {"L": [{"S": "x"}, {"N": "2"}, {"M": {"deep": {"S": "v"}}}]},
            "m": {"M": {"a": {"N": "1"}, "nest": {"M": {"b": {"S": "B"}}}}}, "n2": {"N": "20"},
            "blank": {"S": ""},
        })
        cls.ddb.put_item(TableName=cls.table, Item=cls.cond_item)

    def holds(self, condition, values=None, names=None):
        params = {"TableName": self.table, "Item": self.cond_item, "ConditionExpression": condition}
        if values:
            params["ExpressionAttributeValues"] = values
        if names:
            params["ExpressionAttributeNames"] = names
        try:
            self.ddb.put_item(**params)
            return True
        except ClientError as exc:
            if exc.response["Error"]["Code"] == "ConditionalCheckFailedException":
                return False
            raise

    def check(self, cases):
        for condition, values, expected in cases:
            with self.subTest(condition=condition):
                self.assertEqual(self.holds(condition, values), expected)

    def test_comparators(self):
        N = lambda v: {"N": v}
        self.check([
            ("n = :v", {":v": N("10")}, True), ("n = :v", {":v": N("10.00")}, True),
            ("n <> :v", {":v": N("10")}, False), ("n < :v", {":v": N("11")}, True),
            ("n <= :v", {":v": N("10")}, True), ("n > :v", {":v": N("9.99")}, True),
            ("n >= :v", {":v": N("10.01")}, False), ("n < :v", {":v": N("-100")}, False),
            ("s < :v", {":v": {"S": "hello x"}}, True), ("s > :v", {":v": {"S": "help"}}, False),
            ("b < :v", {":v": {"B": b"\x01\x02\x04"}}, True), ("b > :v", {":v": {"B": b"\x01\x02"}}, True),
            ("n = :v", {":v": {"S": "10"}}, False), ("n <> :v", {":v": {"S": "10"}}, True),
            ("n < :v", {":v": {"S": "99"}}, False), ("absent = :v", {":v": N("1")}, False),
            ("absent <> :v", {":v": N("1")}, True),
            ("ss = :v", {":v": {"SS": ["green", "red"]}}, True),
            ("l = :v", {":v": {"L": [{"S": "x"}, {"N": "2"}, {"M": {"deep": {"S": "v"}}}]}}, True),
            ("m.nest = :v", {":v": {"M": {"b": {"S": "B"}}}}, True),
        ])

    def test_between_and_in(self):
        N = lambda v: {"N": v}
        self.check([
            ("n BETWEEN :a AND :b", {":a": N("10"), ":b": N("20")}, True),
            ("n BETWEEN :a AND :b", {":a": N("11"), ":b": N("20")}, False),
            ("s BETWEEN :a AND :b", {":a": {"S": "a"}, ":b": {"S": "z"}}, True),
            ("n IN (:a, :b, :c)", {":a": N("1"), ":b": N("10"), ":c": {"S": "10"}}, True),
            ("n IN (:a)", {":a": {"S": "10"}}, False),
            ("s IN (:a, :b)", {":a": {"S": "hello"}, ":b": {"S": "world"}}, False),
        ])

    def test_in_with_100_values(self):
        values = {":v%d" % i: {"N": str(100 + i)} for i in range(99)}
        values[":ten"] = {"N": "10"}
        expr = "n IN (%s)" % ", ".join(sorted(values))
        self.assertTrue(self.holds(expr, values))

    def test_functions(self):
        self.check([
            ("attribute_exists(s)", None, True), ("attribute_exists(nope)", None, False),
            ("attribute_not_exists(nope)", None, True), ("attribute_exists(m.nest.b)", None, True),
            ("attribute_exists(l[2].deep)", None, True), ("attribute_exists(l[3])", None, False),
            ("attribute_exists(z)", None, True),
            ("attribute_type(s, :t)", {":t": {"S": "S"}}, True), ("attribute_type(n, :t)", {":t": {"S": "S"}}, False),
            ("attribute_type(ss, :t)", {":t": {"S": "SS"}}, True), ("attribute_type(z, :t)", {":t": {"S": "NULL"}}, True),
            ("attribute_type(m, :t)", {":t": {"S": "M"}}, True), ("attribute_type(l, :t)", {":t": {"S": "L"}}, True),
            ("attribute_type(t, :t)", {":t": {"S": "BOOL"}}, True),
            ("begins_with(s, :p)", {":p": {"S": "hell"}}, True), ("begins_with(s, :p)", {":p": {"S": "world"}}, False),
            ("begins_with(b, :p)", {":p": {"B": b"\x01\x02"}}, True), ("begins_with(n, :p)", {":p": {"S": "1"}}, False),
            ("contains(s, :p)", {":p": {"S": "lo wo"}}, True), ("contains(ss, :p)", {":p": {"S": "red"}}, True),
            ("contains(ss, :p)", {":p": {"S": "blue"}}, False), ("contains(ns, :p)", {":p": {"N": "2.0"}}, True),
            ("contains(l, :p)", {":p": {"S": "x"}}, True), ("contains(l, :p)", {":p": {"N": "2"}}, True),
            ("size(s) = :v", {":v": {"N": "11"}}, True), ("size(ss) = :v", {":v": {"N": "2"}}, True),
            ("size(l) = :v", {":v": {"N": "3"}}, True), ("size(m) = :v", {":v": {"N": "2"}}, True),
            ("size(b) = :v", {":v": {"N": "3"}}, True), ("size(blank) = :v", {":v": {"N": "0"}}, True),
            ("size(s) > size(l)", None, True), ("size(nope) = :v", {":v": {"N": "0"}}, False),
        ])

    def test_path_to_path_comparison(self):
        self.check([("n < n2", None, True), ("n2 < n", None, False), ("n = m.a", None, False),
                    ("l[1] = ns", None, False)])

    def test_logical_operators_and_precedence(self):
        T = {":t": {"BOOL": True}}
        self.check([
            ("t = :t AND n = :ten", dict(T, **{":ten": {"N": "10"}}), True),
            ("t = :f OR n = :ten", {":f": {"BOOL": False}, ":ten": {"N": "10"}}, True),
            ("NOT t = :t", T, False),
            ("NOT attribute_exists(nope)", None, True),
            # AND binds tighter than OR: true OR (false AND false)
            ("t = :t OR n = :x AND n = :y", dict(T, **{":x": {"N": "1"}, ":y": {"N": "2"}}), True),
            # (true OR false) AND false, with parentheses
            ("(t = :t OR n = :x) AND n = :y", dict(T, **{":x": {"N": "1"}, ":y": {"N": "2"}}), False),
            # NOT binds tighter than AND: (NOT false) AND false
            ("NOT t = :f AND n = :x", {":f": {"BOOL": False}, ":x": {"N": "1"}}, False),
            ("NOT (n = :ten AND t = :t)", dict(T, **{":ten": {"N": "10"}}), False),
            ("attribute_exists(s) and attribute_exists(n) AnD NOT attribute_exists(q)", None, True),
        ])

    def test_names_and_nested_names(self):
        self.assertTrue(self.holds("#m.#i.#b = :v", {":v": {"S": "B"}}, {"#m": "m", "#i": "nest", "#b": "b"}))
        self.assertTrue(self.holds("#dotted = :v", {":v": {"S": "hello world"}}, {"#dotted": "s"}))

    def test_dotted_attribute_name_needs_placeholder(self):
        key = self.seed(**{"a.b": {"S": "flat"}})
        self.put(self.table, key, ConditionExpression="#ab = :v",
                 ExpressionAttributeNames={"#ab": "a.b"}, ExpressionAttributeValues={":v": {"S": "flat"}})
        self.assertConditionFailed(lambda: self.put(self.table, key, ConditionExpression="attribute_exists(a.b)"))


class UpdateExpressionTest(ExpressionTestBase):

    def test_update_creates_missing_item(self):
        key = self.key()
        resp = self.update(key, "SET v = :v", {":v": {"S": "x"}})
        self.assertNotIn("Attributes", resp)
        self.assertEqual(self.item(key), dict(key, v={"S": "x"}))

    def test_update_without_expression_creates_key_only_item(self):
        key = self.key()
        self.ddb.update_item(TableName=self.table, Key=key)
        self.assertEqual(self.item(key), key)

    def test_set_several_attributes(self):
        key = self.seed(a={"S": "1"})
        self.update(key, "SET a = :a, b = :b, #c = :c", {":a": {"S": "2"}, ":b": {"N": "3"}, ":c": {"BOOL": True}},
                    {"#c": "c"})
        self.assertEqual(self.item(key), dict(key, a={"S": "2"}, b={"N": "3"}, c={"BOOL": True}))

    def test_set_arithmetic(self):
        key = self.seed(n={"N": "10"}, m={"N": "0.1"})
        self.update(key, "SET n = n + :one, d = n - :two, m = m + :tiny", {
            ":one": {"N": "1"}, ":two": {"N": "2"}, ":tiny": {"N": "0.2"}})
        item = self.item(key)
        self.assertEqual(item["n"], {"N": "11"})
        self.assertEqual(item["d"], {"N": "8"})
        self.assertEqual(item["m"], {"N": "0.3"})

    def test_arithmetic_keeps_38_digits(self):
        key = self.seed()
        self.update(key, "SET b = :one + :big, c = :big - :one",
                    {":one": {"N": "1"}, ":big": {"N": "10000000000000000000000"}})
        item = self.item(key)
        self.assertEqual(item["b"], {"N": "10000000000000000000001"})
        self.assertEqual(item["c"], {"N": "9999999999999999999999"})

    def test_arithmetic_overflow(self):
        key = self.seed()
        self.assertValidation(self.raw_update(key, "SET b = :x + :x", {":x": {"N": "9e125"}}),
                              "Number overflow. Attempting to store a number with magnitude larger than supported range")

    def test_arithmetic_needing_more_than_38_digits(self):
        # DynamoDB reports this with its overflow message.
        key = self.seed()
        self.assertValidation(self.raw_update(key, "SET b = :big + :one", {":big": {"N": "1e50"}, ":one": {"N": "1"}}),
                              "Number overflow. Attempting to store a number with magnitude larger than supported range")
        self.assertNotIn("b", self.item(key))

    def test_set_value_minus_path(self):
        key = self.seed(n={"N": "3"})
        self.update(key, "SET r = :hundred - n", {":hundred": {"N": "100"}})
        self.assertEqual(self.item(key)["r"], {"N": "97"})

    def test_set_from_other_attribute(self):
        key = self.seed(a={"M": {"x": {"S": "copied"}}})
        self.update(key, "SET b = a.x, c = a")
        item = self.item(key)
        self.assertEqual(item["b"], {"S": "copied"})
        self.assertEqual(item["c"], {"M": {"x": {"S": "copied"}}})

    def test_if_not_exists(self):
        key = self.seed(a={"N": "5"})
        self.update(key, "SET a = if_not_exists(a, :zero) + :one, b = if_not_exists(b, :zero) + :one",
                    {":zero": {"N": "0"}, ":one": {"N": "1"}})
        item = self.item(key)
        self.assertEqual(item["a"], {"N": "6"})
        self.assertEqual(item["b"], {"N": "1"})

    def test_list_append(self):
        key = self.seed(l={"L": [{"S": "b"}]})
        self.update(key, "SET l = list_append(l, :tail)", {":tail": {"L": [{"S": "c"}, {"N": "4"}]}})
        self.update(key, "SET l = list_append(:head, l)", {":head": {"L": [{"S": "a"}]}})
        self.assertEqual(self.item(key)["l"], {"L": [{"S": "a"}, {"S": "b"}, {"S": "c"}, {"N": "4"}]})

    def test_list_append_to_missing_list_with_if_not_exists(self):
        key = self.seed()
        self.update(key, "SET l = list_append(if_not_exists(l, :empty), :v)",
                    {":empty": {"L": []}, ":v": {"L": [{"S": "x"}]}})
        self.assertEqual(self.item(key)["l"], {"L": [{"S": "x"}]})

    def test_set_list_element(self):
        key = self.seed(l={"L": [{"S": "a"}, {"S": "b"}, {"S": "c"}]})
        self.update(key, "SET l[1] = :v", {":v": {"S": "B"}})
        self.assertEqual(self.item(key)["l"], {"L": [{"S": "a"}, {"S": "B"}, {"S": "c"}]})

    def test_set_list_element_past_end_appends(self):
        key = self.seed(l={"L": [{"S": "a"}]})
        self.update(key, "SET l[10] = :v", {":v": {"S": "z"}})
        self.assertEqual(self.item(key)["l"], {"L": [{"S": "a"}, {"S": "z"}]})

    def test_remove_list_elements_shifts_the_rest(self):
        key = self.seed(l={"L": [{"N": str(i)} for i in range(5)]})
        self.update(key, "REMOVE l[1], l[3]")
        self.assertEqual(self.item(key)["l"], {"L": [{"N": "0"}, {"N": "2"}, {"N": "4"}]})

    def test_remove_list_element_past_end_is_noop(self):
        key = self.seed(l={"L": [{"N": "0"}]})
        self.update(key, "REMOVE l[5]")
        self.assertEqual(self.item(key)["l"], {"L": [{"N": "0"}]})

    def test_map_editing(self):
        key = self.seed(m={"M": {"a": {"N": "1"}, "nest": {"M": {"x": {"S": "x"}}}}})
        self.update(key, "SET m.b = :b, m.nest.y = :y, #m.#i.#x = :x REMOVE m.a",
                    {":b": {"S": "new"}, ":y": {"L": []}, ":x": {"S": "X"}}, {"#m": "m", "#i": "nest", "#x": "x"})
        self.assertEqual(self.item(key)["m"],
                         {"M": {"b": {"S": "new"}, "nest": {"M": {"x": {"S": "X"}, "y": {"L": []}}}}})

    def test_nested_list_in_map(self):
        key = self.seed(m={"M": {"l": {"L": [{"M": {"v": {"N": "1"}}}]}}})
        self.update(key, "SET m.l[0].v = m.l[0].v + :one, m.l[1] = :new", {":one": {"N": "1"}, ":new": {"S": "n"}})
        self.assertEqual(self.item(key)["m"], {"M": {"l": {"L": [{"M": {"v": {"N": "2"}}}, {"S": "n"}]}}})

    def test_list_indexes_refer_to_the_original_list(self):
        key = self.seed(l={"L": [{"N": str(i)} for i in (2, 3, 4, 5, 6, 7)]})
        self.update(key, "REMOVE l[1] SET l[3] = :v", {":v": {"N": "17"}})
        self.assertEqual(self.item(key)["l"], {"L": [{"N": n} for n in ("2", "4", "17", "6", "7")]})

    def test_several_appends_past_end_keep_index_order(self):
        key = self.seed(l={"L": [{"S": "one"}]})
        self.update(key, "SET l[84] = :a, l[37] = :b, l[17] = :c, l[50] = :d",
                    {":a": {"S": "a1"}, ":b": {"S": "a2"}, ":c": {"S": "a3"}, ":d": {"S": "a4"}})
        self.assertEqual(self.item(key)["l"], {"L": [{"S": s} for s in ("one", "a3", "a2", "a4", "a1")]})

    def test_removing_last_member_leaves_empty_map_and_list(self):
        key = self.seed(m={"M": {"b": {"N": "1"}}}, l={"L": [{"N": "1"}]})
        self.update(key, "REMOVE m.b, l[0]")
        self.assertEqual(self.item(key), dict(key, m={"M": {}}, l={"L": []}))

    def test_remove_missing_leaf_is_noop(self):
        key = self.seed(m={"M": {"x": {"N": "3"}}}, l={"L": [{"S": "hi"}]})
        self.update(key, "REMOVE m.y, l[7], c")
        self.assertEqual(self.item(key), dict(key, m={"M": {"x": {"N": "3"}}}, l={"L": [{"S": "hi"}]}))

    def test_values_are_read_before_writing(self):
        key = self.seed(a={"S": "hello"})
        self.update(key, "REMOVE a SET b = a")
        self.assertEqual(self.item(key), dict(key, b={"S": "hello"}))
        self.assertValidation(self.raw_update(key, "SET x = :v, y = x", {":v": {"N": "4"}}),
                              "The provided expression refers to an attribute that does not exist in the item")

    def test_nested_set_replaces_with_other_type(self):
        key = self.seed(m={"M": {"b": {"N": "3"}, "c": {"M": {"one": {"N": "1"}}}}})
        self.update(key, "SET m.c = :v", {":v": {"N": "7"}})
        self.assertEqual(self.item(key)["m"], {"M": {"b": {"N": "3"}, "c": {"N": "7"}}})

    def test_empty_list_map_string_binary_values(self):
        key = self.key()
        self.update(key, "SET d = :l, e = :m, f = :s, g = :b",
                    {":l": {"L": []}, ":m": {"M": {}}, ":s": {"S": ""}, ":b": {"B": b""}})
        self.assertEqual(self.item(key), dict(key, d={"L": []}, e={"M": {}}, f={"S": ""}, g={"B": b""}))

    def test_remove_attributes(self):
        key = self.seed(a={"S": "1"}, b={"S": "2"}, c={"S": "3"})
        self.update(key, "REMOVE a, #b, absent", names={"#b": "b"})
        self.assertEqual(self.item(key), dict(key, c={"S": "3"}))

    def test_add_number(self):
        key = self.seed(n={"N": "5"})
        self.update(key, "ADD n :d, fresh :d", {":d": {"N": "-2.5"}})
        item = self.item(key)
        self.assertEqual(item["n"], {"N": "2.5"})
        self.assertEqual(item["fresh"], {"N": "-2.5"})

    def test_add_to_sets(self):
        key = self.seed(ss={"SS": ["a", "b"]}, ns={"NS": ["1"]})
        self.update(key, "ADD ss :s, ns :n, bs :b", {":s": {"SS": ["b", "c"]}, ":n": {"NS": ["1.0", "2"]},
                                                      ":b": {"BS": [b"\x01"]}})
        item = self.item(key)
        self.assertCountEqual(item["ss"]["SS"], ["a", "b", "c"])
        self.assertCountEqual(item["ns"]["NS"], ["1", "2"])
        self.assertEqual(item["bs"], {"BS": [b"\x01"]})

    def test_delete_from_set(self):
        key = self.seed(ss={"SS": ["a", "b", "c"]}, ns={"NS": ["1", "2"]})
        self.update(key, "DELETE ss :s, ns :n", {":s": {"SS": ["a", "x"]}, ":n": {"NS": ["2.00"]}})
        item = self.item(key)
        self.assertCountEqual(item["ss"]["SS"], ["b", "c"])
        self.assertEqual(item["ns"], {"NS": ["1"]})

    def test_deleting_every_member_removes_the_set(self):
        key = self.seed(ss={"SS": ["a", "b"]}, keep={"S": "k"})
        self.update(key, "DELETE ss :s", {":s": {"SS": ["a", "b"]}})
        self.assertEqual(self.item(key), dict(key, keep={"S": "k"}))

    def test_delete_from_missing_set_is_noop(self):
        key = self.seed(keep={"S": "k"})
        self.update(key, "DELETE ss :s", {":s": {"SS": ["a"]}})
        self.assertEqual(self.item(key), dict(key, keep={"S": "k"}))

    def test_all_four_clauses_in_any_order(self):
        key = self.seed(r={"S": "x"}, d={"SS": ["a", "b"]}, n={"N": "1"})
        self.update(key, "ADD n :one DELETE d :a REMOVE r SET s = :s",
                    {":one": {"N": "1"}, ":a": {"SS": ["a"]}, ":s": {"S": "set"}})
        self.assertEqual(self.item(key), dict(key, d={"SS": ["b"]}, n={"N": "2"}, s={"S": "set"}))

    def test_keywords_are_case_insensitive(self):
        key = self.seed(n={"N": "1"})
        self.update(key, "set a = :v remove n", {":v": {"S": "x"}})
        self.assertEqual(self.item(key), dict(key, a={"S": "x"}))

    def test_update_on_composite_key_table(self):
        key = {"pk": {"S": unique_name("r")}, "sk": {"S": "s"}}
        self.update(key, "SET v = :v", {":v": {"N": "1"}}, table=self.range_table)
        self.assertEqual(self.item(key, table=self.range_table), dict(key, v={"N": "1"}))


class ReturnValuesTest(ExpressionTestBase):

    def seed_abc(self):
        return self.seed(a={"S": "a1"}, b={"N": "1"}, c={"M": {"x": {"S": "x1"}, "y": {"S": "y1"}}})

    def test_none(self):
        resp = self.update(self.seed_abc(), "SET a = :v", {":v": {"S": "a2"}}, ReturnValues="NONE")
        self.assertNotIn("Attributes", resp)

    def test_all_old(self):
        key = self.seed_abc()
        resp = self.update(key, "SET a = :v REMOVE b", {":v": {"S": "a2"}}, ReturnValues="ALL_OLD")
        self.assertEqual(resp["Attributes"],
                         dict(key, a={"S": "a1"}, b={"N": "1"}, c={"M": {"x": {"S": "x1"}, "y": {"S": "y1"}}}))

    def test_all_old_on_new_item(self):
        resp = self.update(self.key(), "SET a = :v", {":v": {"S": "a"}}, ReturnValues="ALL_OLD")
        self.assertNotIn("Attributes", resp)

    def test_updated_old(self):
        key = self.seed_abc()
        resp = self.update(key, "SET a = :v, d = :d REMOVE b", {":v": {"S": "a2"}, ":d": {"S": "d"}},
                           ReturnValues="UPDATED_OLD")
        self.assertEqual(resp["Attributes"], {"a": {"S": "a1"}, "b": {"N": "1"}})

    def test_all_new(self):
        key = self.seed_abc()
        resp = self.update(key, "SET a = :v REMOVE b", {":v": {"S": "a2"}}, ReturnValues="ALL_NEW")
        self.assertEqual(resp["Attributes"], dict(key, a={"S": "a2"}, c={"M": {"x": {"S": "x1"}, "y": {"S": "y1"}}}))

    def test_updated_new(self):
        key = self.seed_abc()
        resp = self.update(key, "SET a = :v, d = :d REMOVE b", {":v": {"S": "a2"}, ":d": {"S": "d"}},
                           ReturnValues="UPDATED_NEW")
        self.assertEqual(resp["Attributes"], {"a": {"S": "a2"}, "d": {"S": "d"}})

    def test_updated_new_of_nested_path_returns_only_that_path(self):
        key = self.seed_abc()
        resp = self.update(key, "SET c.x = :v", {":v": {"S": "x2"}}, ReturnValues="UPDATED_NEW")
        self.assertEqual(resp["Attributes"], {"c": {"M": {"x": {"S": "x2"}}}})

    def test_updated_old_of_nested_path_returns_only_that_path(self):
        key = self.seed_abc()
        resp = self.update(key, "SET c.x = :v", {":v": {"S": "x2"}}, ReturnValues="UPDATED_OLD")
        self.assertEqual(resp["Attributes"], {"c": {"M": {"x": {"S": "x1"}}}})

    def test_updated_new_when_only_removing(self):
        key = self.seed_abc()
        resp = self.update(key, "REMOVE b", ReturnValues="UPDATED_NEW")
        self.assertEqual(resp.get("Attributes", {}), {})

    def test_add_returns_updated_new(self):
        key = self.seed(n={"N": "1"})
        resp = self.update(key, "ADD n :three", {":three": {"N": "3"}}, ReturnValues="UPDATED_NEW")
        self.assertEqual(resp["Attributes"], {"n": {"N": "4"}})

    def test_invalid_return_values(self):
        self.assertValidation(
            self.raw_update(self.key(), "SET a = :v", {":v": {"S": "x"}}, ReturnValues="EVERYTHING"),
            "1 validation error detected: Value 'EVERYTHING' at 'returnValues' failed to satisfy constraint: "
            "Member must satisfy enum value set: [ALL_NEW, UPDATED_OLD, ALL_OLD, NONE, UPDATED_NEW]")


class ConcurrencyTest(ExpressionTestBase):

    def test_optimistic_locking_with_version_attribute(self):
        key = self.seed(version={"N": "1"}, data={"S": "v1"})

        def save(expected, data):
            self.update(key, "SET #d = :d, version = version + :one",
                        {":d": {"S": data}, ":one": {"N": "1"}, ":expected": {"N": str(expected)}},
                        {"#d": "data"}, ConditionExpression="version = :expected")

        save(1, "v2")
        self.assertConditionFailed(lambda: save(1, "stale"))
        save(2, "v3")
        self.assertEqual(self.item(key), dict(key, version={"N": "3"}, data={"S": "v3"}))

    def test_racing_version_updates_only_one_wins(self):
        key = self.seed(version={"N": "1"})
        wins, losses, errors = [], [], []
        barrier = threading.Barrier(10)

        def writer(i):
            ddb = make_client(self.endpoint)
            barrier.wait()
            try:
                ddb.update_item(TableName=self.table, Key=key, UpdateExpression="SET version = :next, who = :who",
                                ConditionExpression="version = :current",
                                ExpressionAttributeValues={":current": {"N": "1"}, ":next": {"N": "2"},
                                                           ":who": {"N": str(i)}})
                wins.append(i)
            except ClientError as exc:
                (losses if exc.response["Error"]["Code"] == "ConditionalCheckFailedException" else errors).append(exc)

        threads = [threading.Thread(target=writer, args=(i,)) for i in range(10)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
        self.assertEqual(errors, [])
        self.assertEqual(len(wins), 1)
        self.assertEqual(len(losses), 9)
        self.assertEqual(self.item(key)["who"], {"N": str(wins[0])})

    def test_concurrent_add_counter_is_exact(self):
        key = self.key()
        threads_n, per_thread = 8, 40
        errors = []

        def worker():
            ddb = make_client(self.endpoint)
            for _ in range(per_thread):
                try:
                    ddb.update_item(TableName=self.table, Key=key, UpdateExpression="ADD hits :one",
                                    ExpressionAttributeValues={":one": {"N": "1"}})
                except Exception as exc:  # surfaced below
                    errors.append(exc)

        threads = [threading.Thread(target=worker) for _ in range(threads_n)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(120)
        self.assertEqual(errors, [])
        self.assertEqual(self.item(key)["hits"], {"N": str(threads_n * per_thread)})

    def test_racing_deletes_return_the_old_item_once(self):
        key = self.seed(v={"S": "only once"})
        got, errors = [], []
        barrier = threading.Barrier(10)

        def deleter():
            ddb = make_client(self.endpoint)
            barrier.wait()
            try:
                resp = ddb.delete_item(TableName=self.table, Key=key, ReturnValues="ALL_OLD")
                if "Attributes" in resp:
                    got.append(resp["Attributes"])
            except Exception as exc:
                errors.append(exc)

        threads = [threading.Thread(target=deleter) for _ in range(10)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
        self.assertEqual(errors, [])
        self.assertEqual(got, [dict(key, v={"S": "only once"})])

    def test_concurrent_set_adds_keep_every_member(self):
        key = self.key()
        errors = []

        def worker(i):
            ddb = make_client(self.endpoint)
            for j in range(20):
                try:
                    ddb.update_item(TableName=self.table, Key=key, UpdateExpression="ADD tags :t",
                                    ExpressionAttributeValues={":t": {"SS": ["t%d-%d" % (i, j)]}})
                except Exception as exc:
                    errors.append(exc)

        threads = [threading.Thread(target=worker, args=(i,)) for i in range(6)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(120)
        self.assertEqual(errors, [])
        self.assertCountEqual(self.item(key)["tags"]["SS"], ["t%d-%d" % (i, j) for i in range(6) for j in range(20)])

    def test_concurrent_set_arithmetic_counter_is_exact(self):
        key = self.seed(n={"N": "0"})
        errors = []

        def worker():
            ddb = make_client(self.endpoint)
            for _ in range(25):
                try:
                    ddb.update_item(TableName=self.table, Key=key, UpdateExpression="SET n = n + :one",
                                    ExpressionAttributeValues={":one": {"N": "1"}})
                except Exception as exc:
                    errors.append(exc)

        threads = [threading.Thread(target=worker) for _ in range(6)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(120)
        self.assertEqual(errors, [])
        self.assertEqual(self.item(key)["n"], {"N": "150"})


class ProjectionTest(ExpressionTestBase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.pkey = {"pk": {"S": unique_name("proj")}}
        cls.pitem = dict(cls.pkey, a={"S": "a"}, b={"N": "2"},
                         m={"M": {"x": {"S": "x"}, "y": {"S": "y"}, "z": {"M": {"deep": {"N": "1"}}}}},
                         l={"L": [{"S": "l0"}, {"M": {"k": {"S": "v"}, "o": {"S": "o"}}}, {"S": "l2"}]})
        cls.ddb.put_item(TableName=cls.table, Item=cls.pitem)

    def project(self, expr, names=None):
        params = {"ProjectionExpression": expr}
        if names:
            params["ExpressionAttributeNames"] = names
        return self.get(self.table, self.pkey, **params)

    def test_top_level_attributes(self):
        self.assertEqual(self.project("a, b"), {"a": {"S": "a"}, "b": {"N": "2"}})

    def test_key_is_returned_only_when_asked(self):
        self.assertEqual(self.project("a"), {"a": {"S": "a"}})
        self.assertEqual(self.project("pk, a"), dict(self.pkey, a={"S": "a"}))

    def test_nested_paths(self):
        self.assertEqual(self.project("m.x, m.z.deep, l[1].k, l[2]"), {
            "m": {"M": {"x": {"S": "x"}, "z": {"M": {"deep": {"N": "1"}}}}},
            "l": {"L": [{"M": {"k": {"S": "v"}}}, {"S": "l2"}]},
        })

    def test_names_in_projection(self):
        self.assertEqual(self.project("#m.#x, #a", {"#m": "m", "#x": "x", "#a": "a"}),
                         {"m": {"M": {"x": {"S": "x"}}}, "a": {"S": "a"}})

    def test_missing_paths_are_skipped(self):
        self.assertEqual(self.project("a, nope, m.nope, l[9]"), {"a": {"S": "a"}})

    def test_nothing_found_gives_empty_item(self):
        resp = self.ddb.get_item(TableName=self.table, Key=self.pkey, ProjectionExpression="nope",
                                 ConsistentRead=True)
        self.assertEqual(resp.get("Item", {}), {})

    def test_reserved_word_needs_placeholder(self):
        self.assertValidation(
            lambda: self.raw.get_item(TableName=self.table, Key=self.pkey, ProjectionExpression="a, data"),
            "Invalid ProjectionExpression: Attribute name is a reserved keyword; reserved keyword: data")

    def test_syntax_error(self):
        self.assertValidation(
            lambda: self.raw.get_item(TableName=self.table, Key=self.pkey, ProjectionExpression="!!! INVALID !!!"),
            'Invalid ProjectionExpression: Syntax error; token: "!", near: "!!"')

    def test_empty_projection(self):
        self.assertValidation(
            lambda: self.raw.get_item(TableName=self.table, Key=self.pkey, ProjectionExpression=""),
            "Invalid ProjectionExpression: The expression can not be empty;")

    def test_undefined_name(self):
        self.assertValidation(
            lambda: self.raw.get_item(TableName=self.table, Key=self.pkey, ProjectionExpression="a, #x"),
            "Invalid ProjectionExpression: An expression attribute name used in the document path is not defined; "
            "attribute name: #x")

    def test_unused_name(self):
        self.assertValidation(
            lambda: self.raw.get_item(TableName=self.table, Key=self.pkey, ProjectionExpression="a",
                                      ExpressionAttributeNames={"#unused": "b"}),
            "Value provided in ExpressionAttributeNames unused in expressions: keys: {#unused}")

    def test_overlapping_paths(self):
        self.assertValidation(
            lambda: self.raw.get_item(TableName=self.table, Key=self.pkey, ProjectionExpression="a, #a[1]",
                                      ExpressionAttributeNames={"#a": "a"}),
            "Invalid ProjectionExpression: Two document paths overlap with each other; must remove or rewrite one "
            "of these paths; path one: [a], path two: [a, [1]]")

    def test_mixing_with_attributes_to_get(self):
        self.assertValidation(
            lambda: self.raw.get_item(TableName=self.table, Key=self.pkey, ProjectionExpression="a",
                                      AttributesToGet=["a"]),
            "Can not use both expression and non-expression parameters in the same request: "
            "Non-expression parameters: {AttributesToGet} Expression parameters: {ProjectionExpression}")

    def test_batch_get_projection(self):
        resp = self.ddb.batch_get_item(RequestItems={self.table: {
            "Keys": [self.pkey], "ProjectionExpression": "#m.y, b", "ExpressionAttributeNames": {"#m": "m"}}})
        self.assertEqual(resp["Responses"][self.table], [{"m": {"M": {"y": {"S": "y"}}}, "b": {"N": "2"}}])


class ExpressionValidationTest(ExpressionTestBase):

    def test_update_syntax_error(self):
        self.assertValidation(self.raw_update(self.key(), "INVALID SYNTAX HERE"),
                              'Invalid UpdateExpression: Syntax error; token: "INVALID", near: "INVALID SYNTAX"')

    def test_update_syntax_error_in_middle(self):
        self.assertValidation(self.raw_update(self.key(), "ADD hits : incr", {":incr": {"N": "1"}}),
                              'Invalid UpdateExpression: Syntax error; token: ":", near: "hits : incr"')

    def test_empty_update_expression(self):
        self.assertValidation(self.raw_update(self.key(), ""),
                              "Invalid UpdateExpression: The expression can not be empty;")

    def test_empty_condition_expression(self):
        self.assertValidation(
            lambda: self.raw.put_item(TableName=self.table, Item=self.key(), ConditionExpression=""),
            "Invalid ConditionExpression: The expression can not be empty;")

    def test_reserved_word_in_update(self):
        self.assertValidation(self.raw_update(self.key(), "SET status = :s", {":s": {"S": "x"}}),
                              "Invalid UpdateExpression: Attribute name is a reserved keyword; reserved keyword: status")

    def test_reserved_word_keeps_its_spelling(self):
        self.assertValidation(self.raw_update(self.key(), "REMOVE Absolute"),
                              "Invalid UpdateExpression: Attribute name is a reserved keyword; reserved keyword: Absolute")

    def test_reserved_word_in_condition(self):
        self.assertValidation(
            lambda: self.raw.put_item(TableName=self.table, Item=self.key(), ConditionExpression="attribute_exists(name)"),
            "Invalid ConditionExpression: Attribute name is a reserved keyword; reserved keyword: name")

    def test_reserved_word_is_fine_behind_placeholder(self):
        key = self.key()
        self.update(key, "SET #s = :s", {":s": {"S": "ok"}}, {"#s": "status"})
        self.assertEqual(self.item(key)["status"], {"S": "ok"})

    def test_unused_attribute_names(self):
        self.assertValidation(self.raw_update(self.key(), "SET #s = :v", {":v": {"S": "x"}},
                                              {"#s": "s", "#unused": "other"}),
                              "Value provided in ExpressionAttributeNames unused in expressions: keys: {#unused}")

    def test_unused_attribute_values(self):
        self.assertValidation(self.raw_update(self.key(), "SET s = :v", {":v": {"S": "x"}, ":unused": {"S": "y"}}),
                              "Value provided in ExpressionAttributeValues unused in expressions: keys: {:unused}")

    def test_names_used_only_by_condition_count_as_used(self):
        key = self.seed(a={"S": "x"})
        self.update(key, "SET b = :b", {":b": {"S": "y"}, ":a": {"S": "x"}}, {"#a": "a"},
                    ConditionExpression="#a = :a")
        self.assertEqual(self.item(key)["b"], {"S": "y"})

    def test_undefined_attribute_value(self):
        self.assertValidation(self.raw_update(self.key(), "SET s = :v"),
                              "Invalid UpdateExpression: An expression attribute value used in expression is not "
                              "defined; attribute value: :v")

    def test_undefined_attribute_name(self):
        self.assertValidation(
            lambda: self.raw.put_item(TableName=self.table, Item=self.key(), ConditionExpression="attribute_exists(#n)"),
            "Invalid ConditionExpression: An expression attribute name used in the document path is not defined; "
            "attribute name: #n")

    def test_undefined_value_in_condition(self):
        self.assertValidation(
            lambda: self.raw.put_item(TableName=self.table, Item=self.key(), ConditionExpression="a = :missing",
                                      ExpressionAttributeValues={":other": {"S": "x"}}),
            "Invalid ConditionExpression: An expression attribute value used in expression is not defined; "
            "attribute value: :missing")

    def test_same_path_set_twice(self):
        self.assertValidation(self.raw_update(self.key(), "SET f = :v, f = :w", {":v": {"S": "1"}, ":w": {"S": "2"}}),
                              "Invalid UpdateExpression: Two document paths overlap with each other; must remove or "
                              "rewrite one of these paths; path one: [f], path two: [f]")

    def test_overlapping_paths(self):
        self.assertValidation(self.raw_update(self.key(), "SET a.b = :v, a = :w", {":v": {"S": "1"}, ":w": {"M": {}}}),
                              "Invalid UpdateExpression: Two document paths overlap with each other; must remove or "
                              "rewrite one of these paths; path one: [a, b], path two: [a]")

    def test_set_and_remove_same_path(self):
        self.assertValidation(self.raw_update(self.key(), "SET a = :v REMOVE a", {":v": {"S": "1"}}),
                              "Invalid UpdateExpression: Two document paths overlap with each other; must remove or "
                              "rewrite one of these paths; path one: [a], path two: [a]")

    def test_conflicting_paths(self):
        self.assertValidation(self.raw_update(self.key(), "REMOVE a.b SET a[1] = :v", {":v": {"S": "1"}}),
                              "Invalid UpdateExpression: Two document paths conflict with each other; must remove or "
                              "rewrite one of these paths; path one: [a, b], path two: [a, [1]]")

    def test_clause_used_twice(self):
        self.assertValidation(self.raw_update(self.key(), "SET a = :v SET b = :v", {":v": {"S": "1"}}),
                              'Invalid UpdateExpression: The "SET" section can only be used once in an update '
                              'expression;')

    def test_remove_clause_used_twice(self):
        self.assertValidation(self.raw_update(self.key(), "REMOVE a SET b = :v REMOVE c", {":v": {"S": "1"}}),
                              'Invalid UpdateExpression: The "REMOVE" section can only be used once in an update '
                              'expression;')

    def test_update_hash_key(self):
        self.assertValidation(self.raw_update(self.key(), "SET pk = :v", {":v": {"S": "other"}}),
                              INVALID + "Cannot update attribute pk. This attribute is part of the key")

    def test_remove_hash_key(self):
        self.assertValidation(self.raw_update(self.key(), "REMOVE pk"),
                              INVALID + "Cannot update attribute pk. This attribute is part of the key")

    def test_update_range_key(self):
        key = {"pk": {"S": "a"}, "sk": {"S": "b"}}
        self.assertValidation(self.raw_update(key, "SET sk = :v", {":v": {"S": "c"}}, table=self.range_table),
                              INVALID + "Cannot update attribute sk. This attribute is part of the key")

    def test_invalid_function_name(self):
        self.assertValidation(self.raw_update(self.key(), "SET a = if_not_exist(a, :v)", {":v": {"S": "1"}}),
                              "Invalid UpdateExpression: Invalid function name; function: if_not_exist")

    def test_static_operand_type_error(self):
        self.assertValidation(self.raw_update(self.key(), "SET a = a + :s", {":s": {"S": "1"}}),
                              "Invalid UpdateExpression: Incorrect operand type for operator or function; "
                              "operator or function: +, operand type: S")

    def test_add_with_string_operand(self):
        self.assertValidation(self.raw_update(self.key(), "ADD a :s", {":s": {"S": "1"}}),
                              "Invalid UpdateExpression: Incorrect operand type for operator or function; "
                              "operator: ADD, operand type: STRING")

    def test_runtime_operand_type_error(self):
        key = self.seed(n={"S": "not a number"})
        self.assertValidation(self.raw_update(key, "SET n = n + :one", {":one": {"N": "1"}}),
                              "An operand in the update expression has an incorrect data type")

    def test_add_number_to_set_is_type_error(self):
        key = self.seed(ss={"SS": ["a"]})
        self.assertValidation(self.raw_update(key, "ADD ss :one", {":one": {"N": "1"}}),
                              "An operand in the update expression has an incorrect data type")

    def test_reference_to_missing_attribute(self):
        self.assertValidation(self.raw_update(self.seed(), "SET c = b"),
                              "The provided expression refers to an attribute that does not exist in the item")

    def test_nested_set_under_missing_parent(self):
        self.assertValidation(self.raw_update(self.seed(), "SET b.a = :v", {":v": {"S": "x"}}),
                              "The document path provided in the update expression is invalid for update")

    def test_nested_set_on_missing_item(self):
        self.assertValidation(self.raw_update(self.key(), "SET b.a = :v", {":v": {"S": "x"}}),
                              "The document path provided in the update expression is invalid for update")

    def test_remove_nested_path_under_scalar(self):
        key = self.seed(a={"S": "hello"})
        self.assertValidation(self.raw_update(key, "REMOVE a.c"),
                              "The document path provided in the update expression is invalid for update")

    def test_index_placeholder_is_syntax_error(self):
        key = self.seed(l={"L": [{"S": "x"}]})
        self.assertValidation(self.raw_update(key, "SET l[:i] = :v", {":v": {"S": "y"}, ":i": {"N": "0"}}),
                              'Invalid UpdateExpression: Syntax error; token: ":i", near: "[:i]"')

    def test_name_starting_with_underscore_is_syntax_error(self):
        self.assertValidation(self.raw_update(self.key(), "SET _123 = :v", {":v": {"N": "3"}}),
                              'Invalid UpdateExpression: Syntax error; token: "_", near: "SET _123"')

    def test_three_operand_addition_is_syntax_error(self):
        self.assertValidation(self.raw_update(self.key(), "SET b = :x + :y + :z",
                                              {":x": {"N": "1"}, ":y": {"N": "2"}, ":z": {"N": "3"}}),
                              'Invalid UpdateExpression: Syntax error; token: "+", near: ":y + :z"')

    def test_if_not_exists_needs_a_path(self):
        self.assertValidation(self.raw_update(self.key(), "SET b = if_not_exists(:x, :y)",
                                              {":x": {"N": "1"}, ":y": {"N": "2"}}),
                              "Invalid UpdateExpression: Operator or function requires a document path; "
                              "operator or function: if_not_exists")

    def test_list_append_operand_count(self):
        self.assertValidation(self.raw_update(self.key(), "SET a = list_append(:x)", {":x": {"L": []}}),
                              "Invalid UpdateExpression: Incorrect number of operands for operator or function; "
                              "operator or function: list_append, number of operands: 1")

    def test_list_append_with_non_list_operand(self):
        self.assertValidation(self.raw_update(self.key(), "SET a = list_append(:x, :s)",
                                              {":x": {"L": []}, ":s": {"S": "hi"}}),
                              "Invalid UpdateExpression: Incorrect operand type for operator or function; "
                              "operator or function: list_append, operand type: S")

    def test_add_list_operand(self):
        self.assertValidation(self.raw_update(self.key(), "ADD a :l", {":l": {"L": [{"N": "1"}]}}),
                              "Invalid UpdateExpression: Incorrect operand type for operator or function; "
                              "operator: ADD, operand type: LIST")

    def test_delete_with_number_operand(self):
        self.assertValidation(self.raw_update(self.key(), "DELETE a :n", {":n": {"N": "1"}}),
                              "Invalid UpdateExpression: Incorrect operand type for operator or function; "
                              "operator: DELETE, operand type: NUMBER")

    def test_function_names_are_case_sensitive(self):
        self.assertValidation(self.raw_update(self.key(), "SET a = LIST_APPEND(:x, :y)",
                                              {":x": {"L": []}, ":y": {"L": []}}),
                              "Invalid UpdateExpression: Invalid function name; function: LIST_APPEND")

    def test_list_index_on_non_list(self):
        key = self.seed(m={"M": {}})
        self.assertValidation(self.raw_update(key, "SET m[0] = :v", {":v": {"S": "x"}}),
                              "The document path provided in the update expression is invalid for update")

    def test_redundant_parentheses(self):
        self.assertValidation(
            lambda: self.raw.put_item(TableName=self.table, Item=self.key(),
                                      ConditionExpression="((attribute_not_exists(pk)))"),
            "Invalid ConditionExpression: The expression has redundant parentheses;")

    def test_contains_with_same_operand_twice(self):
        self.assertValidation(
            lambda: self.raw.put_item(TableName=self.table, Item=self.key(), ConditionExpression="contains(#a, #a)",
                                      ExpressionAttributeNames={"#a": "data"}),
            "Invalid ConditionExpression: The first operand must be distinct from the remaining operands for this "
            "operator or function; operator: contains, first operand: [data]")

    def test_mixing_expression_and_legacy_condition(self):
        self.assertValidation(
            lambda: self.raw.put_item(TableName=self.table, Item=self.key(), Expected={"pk": {"Exists": False}},
                                      ConditionExpression="attribute_not_exists(pk)"),
            "Can not use both expression and non-expression parameters in the same request: "
            "Non-expression parameters: {Expected} Expression parameters: {ConditionExpression}")

    def test_mixing_update_expression_and_attribute_updates(self):
        self.assertValidation(
            self.raw_update(self.key(), "SET a = :v", {":v": {"S": "x"}},
                            AttributeUpdates={"b": {"Action": "PUT", "Value": {"S": "y"}}}),
            "Can not use both expression and non-expression parameters in the same request: "
            "Non-expression parameters: {AttributeUpdates} Expression parameters: {UpdateExpression}")

    def test_values_without_expression(self):
        self.assertValidation(
            lambda: self.raw.put_item(TableName=self.table, Item=self.key(),
                                      ExpressionAttributeValues={":v": {"S": "unused"}}),
            "ExpressionAttributeValues can only be specified when using expressions: ConditionExpression is null")

    def test_names_without_expression(self):
        self.assertValidation(
            lambda: self.raw.put_item(TableName=self.table, Item=self.key(), ExpressionAttributeNames={"#n": "n"}),
            "ExpressionAttributeNames can only be specified when using expressions")

    def test_name_placeholder_without_hash(self):
        self.assertValidation(
            self.raw_update(self.key(), "SET #s = :v", {":v": {"S": "x"}}, {"s": "status"}),
            'ExpressionAttributeNames contains invalid key: Syntax error; key: "s"')

    def test_value_placeholder_without_colon(self):
        self.assertValidation(
            self.raw_update(self.key(), "SET s = :v", {"v": {"S": "x"}}),
            'ExpressionAttributeValues contains invalid key: Syntax error; key: "v"')

    def test_empty_attribute_names_map(self):
        self.assertValidation(self.raw_update(self.key(), "SET s = :v", {":v": {"S": "x"}}, {}),
                              "ExpressionAttributeNames must not be empty")

    def test_empty_attribute_values_map(self):
        self.assertValidation(self.raw_update(self.key(), "REMOVE s", {}),
                              "ExpressionAttributeValues must not be empty")

    def test_invalid_expression_attribute_value(self):
        self.assertValidation(self.raw_update(self.key(), "SET s = :v", {":v": {"SS": []}}),
                              "ExpressionAttributeValues contains invalid value: One or more parameter values were "
                              "invalid: An string set  may not be empty for key :v")


class LegacyParametersTest(ExpressionTestBase):

    def test_expected_exists_false(self):
        key = self.key()
        self.ddb.put_item(TableName=self.table, Item=key, Expected={"pk": {"Exists": False}})
        self.assertConditionFailed(lambda: self.ddb.put_item(TableName=self.table, Item=key,
                                                             Expected={"pk": {"Exists": False}}))

    def test_expected_value(self):
        key = self.seed(v={"S": "a"})
        self.assertConditionFailed(lambda: self.ddb.put_item(TableName=self.table, Item=key,
                                                             Expected={"v": {"Value": {"S": "b"}}}))
        self.ddb.put_item(TableName=self.table, Item=dict(key, v={"S": "c"}), Expected={"v": {"Value": {"S": "a"}}})
        self.assertEqual(self.item(key)["v"], {"S": "c"})

    def test_expected_comparison_operators_with_or(self):
        key = self.seed(n={"N": "5"})
        self.ddb.delete_item(TableName=self.table, Key=key, ConditionalOperator="OR", Expected={
            "n": {"ComparisonOperator": "GT", "AttributeValueList": [{"N": "100"}]},
            "missing": {"ComparisonOperator": "NULL"},
        })
        self.assertIsNone(self.item(key))

    def test_expected_value_required_when_exists(self):
        self.assertValidation(
            lambda: self.raw.put_item(TableName=self.table, Item=self.key(), Expected={"a": {"Exists": True}}),
            INVALID + "Value must be provided when Exists is true for Attribute: a")

    def test_attribute_updates_put_add_delete(self):
        key = self.seed(n={"N": "1"}, ss={"SS": ["a", "b"]}, gone={"S": "x"})
        resp = self.ddb.update_item(TableName=self.table, Key=key, ReturnValues="ALL_NEW", AttributeUpdates={
            "v": {"Action": "PUT", "Value": {"S": "new"}},
            "n": {"Action": "ADD", "Value": {"N": "2"}},
            "ss": {"Action": "DELETE", "Value": {"SS": ["a"]}},
            "gone": {"Action": "DELETE"},
        })
        self.assertEqual(resp["Attributes"], dict(key, v={"S": "new"}, n={"N": "3"}, ss={"SS": ["b"]}))

    def test_attribute_updates_on_key_attribute(self):
        self.assertValidation(
            lambda: self.raw.update_item(TableName=self.table, Key=self.key(),
                                         AttributeUpdates={"pk": {"Action": "PUT", "Value": {"S": "x"}}}),
            INVALID + "Cannot update attribute pk. This attribute is part of the key")



class LegacyConditionalOperatorTest(ExpressionTestBase):
    """Expected and ConditionalOperator on the write operations, as DynamoDB
    answers them: an empty Expected is no condition, ConditionalOperator needs
    two or more conditions to join and counts as a legacy parameter."""

    def cond(self, value="x"):
        return {"ComparisonOperator": "EQ", "AttributeValueList": [{"S": value}]}

    def test_empty_expected_is_no_condition(self):
        key = self.seed(a={"S": "x"})
        self.ddb.put_item(TableName=self.table, Item=dict(key, b={"S": "y"}), Expected={})
        self.ddb.update_item(TableName=self.table, Key=key, AttributeUpdates={"z": {"Value": {"N": "3"},
                                                                                    "Action": "PUT"}}, Expected={})
        self.assertEqual(self.get(self.table, key), dict(key, b={"S": "y"}, z={"N": "3"}))

    def test_conditional_operator_without_expected(self):
        key = self.seed(a={"S": "x"})
        without = "ConditionalOperator cannot be used without Filter or Expected"
        self.assertValidation(lambda: self.ddb.put_item(TableName=self.table, Item=key, ConditionalOperator="AND"),
                              without)
        self.assertValidation(lambda: self.ddb.delete_item(TableName=self.table, Key=key, ConditionalOperator="OR"),
                              without)
        self.assertValidation(lambda: self.ddb.update_item(TableName=self.table, Key=key, ConditionalOperator="OR",
                                                           Expected={}), without)
        self.assertValidation(
            lambda: self.ddb.put_item(TableName=self.table, Item=key, ConditionalOperator="AND",
                                      Expected={"a": self.cond()}),
            "ConditionalOperator can only be used when Filter or Expected has two or more elements")
        self.assertValidation(
            lambda: self.ddb.put_item(TableName=self.table, Item=key, ConditionalOperator="AND",
                                      ConditionExpression="attribute_exists(pk)"),
            "Can not use both expression and non-expression parameters in the same request: "
            "Non-expression parameters: {ConditionalOperator} Expression parameters: {ConditionExpression}")
        self.assertIsNotNone(self.get(self.table, key))
        # Two conditions joined by OR: one holds.
        self.ddb.put_item(TableName=self.table, Item=dict(key, c={"S": "new"}), ConditionalOperator="OR",
                          Expected={"a": self.cond("x"), "b": self.cond("absent")})
        self.assertEqual(self.get(self.table, key), dict(key, c={"S": "new"}))

    def test_arithmetic_inside_a_function_is_a_syntax_error(self):
        key = self.seed(n={"N": "1"})
        for expr in ("SET a = if_not_exists(b, :one + :one)", "SET a = list_append(:l, :one + :one)"):
            with self.subTest(expr=expr):
                self.assertValidation(
                    lambda: self.ddb.update_item(TableName=self.table, Key=key, UpdateExpression=expr,
                                                 ExpressionAttributeValues={":one": {"N": "1"}, ":l": {"L": []}}),
                    'Invalid UpdateExpression: Syntax error; token: "+", near: ":one + :one"')
        self.ddb.update_item(TableName=self.table, Key=key, UpdateExpression="SET a = if_not_exists(b, :one) + :one",
                             ExpressionAttributeValues={":one": {"N": "1"}})
        self.assertEqual(self.get(self.table, key)["a"], {"N": "2"})


if __name__ == "__main__":
    unittest.main()
