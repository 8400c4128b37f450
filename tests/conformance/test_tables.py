"""CreateTable, DescribeTable, ListTables and DeleteTable."""

import datetime
import re
import unittest

from harness import DynamoTestCase, is_external, unique_name

ARN_RE = r"^arn:aws:dynamodb:[a-z0-9-]+:\d{12}:table/%s$"
UUID_RE = r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"


def hash_table(name, billing="PAY_PER_REQUEST", **extra):
    params = {
        "TableName": name,
        "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}],
        "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
    }
    if billing:
        params["BillingMode"] = billing
    params.update(extra)
    return params


class CreateTableTest(DynamoTestCase):

    def create(self, **params):
        resp = self.ddb.create_table(**params)
        self._tables.append(params["TableName"])
        return resp["TableDescription"]

    def test_create_returns_table_description(self):
        name = unique_name("create")
        before = datetime.datetime.now(datetime.timezone.utc)
        desc = self.create(**hash_table(name))
        self.assertEqual(desc["TableName"], name)
        self.assertEqual(desc["KeySchema"], [{"AttributeName": "pk", "KeyType": "HASH"}])
        self.assertEqual(desc["AttributeDefinitions"], [{"AttributeName": "pk", "AttributeType": "S"}])
        self.assertIn(desc["TableStatus"], ("CREATING", "ACTIVE"))
        self.assertEqual(desc["ItemCount"], 0)
        self.assertEqual(desc["TableSizeBytes"], 0)
        self.assertRegex(desc["TableArn"], ARN_RE % re.escape(name))
        self.assertRegex(desc["TableId"], UUID_RE)
        created = desc["CreationDateTime"]
        self.assertLess(abs((created - before).total_seconds()), 300)
        self.assertEqual(desc["BillingModeSummary"]["BillingMode"], "PAY_PER_REQUEST")
        self.assertEqual(desc["ProvisionedThroughput"],
                         {"NumberOfDecreasesToday": 0, "ReadCapacityUnits": 0, "WriteCapacityUnits": 0})

    @unittest.skipIf(is_external(), "remote tables go through CREATING first")
    def test_table_is_active_immediately(self):
        name = unique_name("active")
        desc = self.create(**hash_table(name))
        self.assertEqual(desc["TableStatus"], "ACTIVE")
        self.assertEqual(self.ddb.describe_table(TableName=name)["Table"]["TableStatus"], "ACTIVE")

    def test_create_composite_key_table(self):
        name = unique_name("composite")
        self.create(TableName=name, BillingMode="PAY_PER_REQUEST",
                    AttributeDefinitions=[{"AttributeName": "sk", "AttributeType": "N"},
                                          {"AttributeName": "pk", "AttributeType": "B"}],
                    KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"},
                               {"AttributeName": "sk", "KeyType": "RANGE"}])
        self.wait_active(name)
        table = self.ddb.describe_table(TableName=name)["Table"]
        self.assertEqual(table["KeySchema"], [{"AttributeName": "pk", "KeyType": "HASH"},
                                              {"AttributeName": "sk", "KeyType": "RANGE"}])
        self.assertCountEqual(table["AttributeDefinitions"],
                              [{"AttributeName": "pk", "AttributeType": "B"},
                               {"AttributeName": "sk", "AttributeType": "N"}])

    def test_create_provisioned_table(self):
        name = unique_name("prov")
        desc = self.create(**hash_table(name, billing=None,
                                        ProvisionedThroughput={"ReadCapacityUnits": 5, "WriteCapacityUnits": 7}))
        self.assertEqual(desc["ProvisionedThroughput"],
                         {"NumberOfDecreasesToday": 0, "ReadCapacityUnits": 5, "WriteCapacityUnits": 7})
        if "BillingModeSummary" in desc:
            self.assertEqual(desc["BillingModeSummary"]["BillingMode"], "PROVISIONED")

    def test_create_explicit_provisioned_billing(self):
        name = unique_name("prov2")
        desc = self.create(**hash_table(name, billing="PROVISIONED",
                                        ProvisionedThroughput={"ReadCapacityUnits": 1, "WriteCapacityUnits": 1}))
        self.assertEqual(desc["ProvisionedThroughput"]["ReadCapacityUnits"], 1)
        self.assertEqual(desc["ProvisionedThroughput"]["WriteCapacityUnits"], 1)

    def test_duplicate_table_is_resource_in_use(self):
        name = self.create_table()
        self.assertDynamoError(lambda: self.ddb.create_table(**hash_table(name)),
                               "ResourceInUseException", "Table already exists: %s" % name)

    def test_table_names_are_case_sensitive(self):
        name = unique_name("case")
        self.create(**hash_table(name.upper()))
        self.create(**hash_table(name))
        self.wait_active(name)
        self.assertEqual(self.ddb.describe_table(TableName=name)["Table"]["TableName"], name)

    def test_name_of_255_characters_is_accepted(self):
        name = (unique_name("long") + "x" * 255)[:255]
        desc = self.create(**hash_table(name))
        self.assertEqual(desc["TableName"], name)

    def test_name_with_dots_dashes_underscores_is_accepted(self):
        name = unique_name("a.b-c_d")
        desc = self.create(**hash_table(name))
        self.assertEqual(desc["TableName"], name)

    # ---- validation ---------------------------------------------------------

    def test_missing_table_name(self):
        params = hash_table("x")
        del params["TableName"]
        self.assertValidation(lambda: self.raw.create_table(**params),
                              "The parameter 'TableName' is required but was not present in the request")

    def test_table_name_too_short(self):
        self.assertValidation(
            lambda: self.raw.create_table(**hash_table("ab")),
            "1 validation error detected: Value 'ab' at 'tableName' failed to satisfy constraint: "
            "Member must have length greater than or equal to 3")

    def test_table_name_too_long(self):
        name = "a" * 256
        self.assertValidation(
            lambda: self.raw.create_table(**hash_table(name)),
            "1 validation error detected: Value '%s' at 'tableName' failed to satisfy constraint: "
            "Member must have length less than or equal to 255" % name)

    def test_table_name_with_bad_characters(self):
        self.assertValidation(
            lambda: self.raw.create_table(**hash_table("bad;name")),
            "1 validation error detected: Value 'bad;name' at 'tableName' failed to satisfy constraint: "
            "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+")

    def test_missing_key_schema(self):
        params = hash_table(unique_name("nokey"))
        del params["KeySchema"]
        self.assertValidation(
            lambda: self.raw.create_table(**params),
            "1 validation error detected: Value null at 'keySchema' failed to satisfy constraint: "
            "Member must not be null")

    def test_empty_key_schema(self):
        params = hash_table(unique_name("emptykey"), KeySchema=[])
        self.assertValidation(
            lambda: self.raw.create_table(**params),
            "1 validation error detected: Value '[]' at 'keySchema' failed to satisfy constraint: "
            "Member must have length greater than or equal to 1")

    def test_missing_attribute_definitions(self):
        params = hash_table(unique_name("nodefs"))
        del params["AttributeDefinitions"]
        self.assertValidation(
            lambda: self.raw.create_table(**params),
            "1 validation error detected: Value null at 'attributeDefinitions' failed to satisfy constraint: "
            "Member must not be null")

    def test_missing_key_schema_and_attribute_definitions(self):
        params = {"TableName": unique_name("nothing"), "BillingMode": "PAY_PER_REQUEST"}
        self.assertValidationList(lambda: self.raw.create_table(**params), [
            "Value null at 'attributeDefinitions' failed to satisfy constraint: Member must not be null",
            "Value null at 'keySchema' failed to satisfy constraint: Member must not be null",
        ])

    def test_more_than_two_key_schema_elements(self):
        params = hash_table(
            unique_name("3keys"),
            AttributeDefinitions=[{"AttributeName": n, "AttributeType": "S"} for n in ("pk", "sk", "x")],
            KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"},
                       {"AttributeName": "x", "KeyType": "RANGE"}])
        # The echoed value is Java's toString of the list, which DynamoDB changes over time.
        self.assertValidation(
            lambda: self.raw.create_table(**params),
            regex=r"1 validation error detected: Value '\[.+\]' at 'keySchema' failed to satisfy constraint: "
                  r"Member must have length less than or equal to 2")

    def test_invalid_key_type(self):
        params = hash_table(unique_name("keytype"), KeySchema=[{"AttributeName": "pk", "KeyType": "INVALID"}])
        self.assertValidation(
            lambda: self.raw.create_table(**params),
            "1 validation error detected: Value 'INVALID' at 'keySchema.1.member.keyType' failed to satisfy "
            "constraint: Member must satisfy enum value set: [HASH, RANGE]")

    def test_invalid_attribute_type(self):
        params = hash_table(unique_name("attrtype"),
                            AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "SS"}])
        self.assertValidation(
            lambda: self.raw.create_table(**params),
            "1 validation error detected: Value 'SS' at 'attributeDefinitions.1.member.attributeType' failed to "
            "satisfy constraint: Member must satisfy enum value set: [B, N, S]")

    def test_attribute_definition_members_missing(self):
        params = hash_table(unique_name("defnull"), AttributeDefinitions=[{}])
        self.assertValidationList(lambda: self.raw.create_table(**params), [
            "Value null at 'attributeDefinitions.1.member.attributeName' failed to satisfy constraint: "
            "Member must not be null",
            "Value null at 'attributeDefinitions.1.member.attributeType' failed to satisfy constraint: "
            "Member must not be null",
        ])

    def test_attribute_name_lengths(self):
        long = "a" * 256
        params = hash_table(unique_name("longattr"), AttributeDefinitions=[{"AttributeName": long, "AttributeType": "S"}],
                            KeySchema=[{"AttributeName": long, "KeyType": "HASH"}])
        self.assertValidationList(lambda: self.raw.create_table(**params), [
            "Value '%s' at 'attributeDefinitions.1.member.attributeName' failed to satisfy constraint: Member must "
            "have length less than or equal to 255" % long,
            "Value '%s' at 'keySchema.1.member.attributeName' failed to satisfy constraint: Member must have length "
            "less than or equal to 255" % long,
        ])
        params = hash_table(unique_name("emptyattr"), AttributeDefinitions=[{"AttributeName": "", "AttributeType": "S"}])
        self.assertValidation(
            lambda: self.raw.create_table(**params),
            "1 validation error detected: Value '' at 'attributeDefinitions.1.member.attributeName' failed to satisfy "
            "constraint: Member must have length greater than or equal to 1")
        name = unique_name("attr255")
        longest = "b" * 255
        self._tables.append(name)
        created = self.ddb.create_table(**hash_table(
            name, AttributeDefinitions=[{"AttributeName": longest, "AttributeType": "S"}],
            KeySchema=[{"AttributeName": longest, "KeyType": "HASH"}]))["TableDescription"]
        self.assertEqual(created["KeySchema"], [{"AttributeName": longest, "KeyType": "HASH"}])

    def test_key_attribute_not_defined(self):
        params = hash_table(unique_name("undef"),
                            AttributeDefinitions=[{"AttributeName": "b", "AttributeType": "S"}],
                            KeySchema=[{"AttributeName": "a", "KeyType": "HASH"}])
        self.assertValidation(
            lambda: self.raw.create_table(**params),
            "One or more parameter values were invalid: Some index key attributes are not defined in "
            "AttributeDefinitions. Keys: [a], AttributeDefinitions: [b]")

    def test_more_keys_than_definitions(self):
        params = hash_table(unique_name("dupkey"),
                            KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"},
                                       {"AttributeName": "pk", "KeyType": "RANGE"}])
        self.assertValidation(lambda: self.raw.create_table(**params),
                              "Invalid KeySchema: Some index key attribute have no definition")

    def test_extra_attribute_definition(self):
        params = hash_table(unique_name("extra"),
                            AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"},
                                                  {"AttributeName": "x", "AttributeType": "N"}])
        self.assertValidation(
            lambda: self.raw.create_table(**params),
            "One or more parameter values were invalid: Number of attributes in KeySchema does not exactly "
            "match number of attributes defined in AttributeDefinitions")

    def test_hash_and_range_with_same_name(self):
        params = hash_table(unique_name("samename"),
                            AttributeDefinitions=[{"AttributeName": "a", "AttributeType": "S"},
                                                  {"AttributeName": "b", "AttributeType": "S"}],
                            KeySchema=[{"AttributeName": "a", "KeyType": "HASH"},
                                       {"AttributeName": "a", "KeyType": "HASH"}])
        self.assertValidation(lambda: self.raw.create_table(**params),
                              "Both the Hash Key and the Range Key element in the KeySchema have the same name")

    def test_second_key_not_range(self):
        params = hash_table(unique_name("twohash"),
                            AttributeDefinitions=[{"AttributeName": "a", "AttributeType": "S"},
                                                  {"AttributeName": "b", "AttributeType": "S"}],
                            KeySchema=[{"AttributeName": "a", "KeyType": "HASH"},
                                       {"AttributeName": "b", "KeyType": "HASH"}])
        self.assertValidation(lambda: self.raw.create_table(**params),
                              "Invalid KeySchema: The second KeySchemaElement is not a RANGE key type")

    def test_first_key_not_hash(self):
        params = hash_table(unique_name("rangefirst"),
                            AttributeDefinitions=[{"AttributeName": "a", "AttributeType": "S"},
                                                  {"AttributeName": "b", "AttributeType": "S"}],
                            KeySchema=[{"AttributeName": "a", "KeyType": "RANGE"},
                                       {"AttributeName": "b", "KeyType": "HASH"}])
        self.assertValidation(lambda: self.raw.create_table(**params),
                              "Invalid KeySchema: The first KeySchemaElement is not a HASH key type")

    def test_pay_per_request_with_provisioned_throughput(self):
        params = hash_table(unique_name("ppr"),
                            ProvisionedThroughput={"ReadCapacityUnits": 1, "WriteCapacityUnits": 1})
        self.assertValidation(
            lambda: self.raw.create_table(**params),
            "One or more parameter values were invalid: Neither ReadCapacityUnits nor WriteCapacityUnits can be "
            "specified when BillingMode is PAY_PER_REQUEST")

    def test_provisioned_without_throughput(self):
        params = hash_table(unique_name("nothroughput"), billing=None)
        self.assertValidation(
            lambda: self.raw.create_table(**params),
            "One or more parameter values were invalid: ReadCapacityUnits and WriteCapacityUnits must both be "
            "specified when BillingMode is PROVISIONED")

    def test_explicit_provisioned_without_throughput(self):
        params = hash_table(unique_name("nothroughput2"), billing="PROVISIONED")
        self.assertValidation(
            lambda: self.raw.create_table(**params),
            "One or more parameter values were invalid: ReadCapacityUnits and WriteCapacityUnits must both be "
            "specified when BillingMode is PROVISIONED")

    def test_zero_read_capacity(self):
        params = hash_table(unique_name("zerorcu"), billing=None,
                            ProvisionedThroughput={"ReadCapacityUnits": 0, "WriteCapacityUnits": 1})
        self.assertValidation(
            lambda: self.raw.create_table(**params),
            "1 validation error detected: Value '0' at 'provisionedThroughput.readCapacityUnits' failed to "
            "satisfy constraint: Member must have value greater than or equal to 1")

    def test_capacity_out_of_bounds(self):
        params = hash_table(unique_name("hugercu"), billing=None,
                            ProvisionedThroughput={"ReadCapacityUnits": 1000000000001, "WriteCapacityUnits": 1})
        self.assertValidation(lambda: self.raw.create_table(**params),
                              "Given value 1000000000001 for ReadCapacityUnits is out of bounds")

    def test_failed_create_leaves_no_table(self):
        name = unique_name("failed")
        params = hash_table(name, AttributeDefinitions=[{"AttributeName": "other", "AttributeType": "S"}])
        self.assertDynamoError(lambda: self.raw.create_table(**params), "ValidationException")
        self.assertDynamoError(lambda: self.ddb.describe_table(TableName=name), "ResourceNotFoundException")


class DescribeTableTest(DynamoTestCase):

    def test_describe_fields(self):
        name = self.create_table(hash_key=("pk", "S"), range_key=("sk", "N"))
        table = self.ddb.describe_table(TableName=name)["Table"]
        self.assertEqual(table["TableName"], name)
        self.assertEqual(table["TableStatus"], "ACTIVE")
        self.assertEqual(table["KeySchema"], [{"AttributeName": "pk", "KeyType": "HASH"},
                                              {"AttributeName": "sk", "KeyType": "RANGE"}])
        self.assertCountEqual(table["AttributeDefinitions"], [{"AttributeName": "pk", "AttributeType": "S"},
                                                              {"AttributeName": "sk", "AttributeType": "N"}])
        self.assertEqual(table["ItemCount"], 0)
        self.assertEqual(table["TableSizeBytes"], 0)
        self.assertRegex(table["TableArn"], ARN_RE % re.escape(name))
        self.assertRegex(table["TableId"], UUID_RE)
        self.assertIsInstance(table["CreationDateTime"], datetime.datetime)
        self.assertEqual(table["BillingModeSummary"]["BillingMode"], "PAY_PER_REQUEST")
        self.assertIn("LastUpdateToPayPerRequestDateTime", table["BillingModeSummary"])
        self.assertEqual(table["ProvisionedThroughput"],
                         {"NumberOfDecreasesToday": 0, "ReadCapacityUnits": 0, "WriteCapacityUnits": 0})
        self.assertNotIn("LocalSecondaryIndexes", table)
        self.assertNotIn("GlobalSecondaryIndexes", table)

    def test_describe_matches_create(self):
        name = unique_name("same")
        created = self.ddb.create_table(**hash_table(name))["TableDescription"]
        self._tables.append(name)
        self.wait_active(name)
        table = self.ddb.describe_table(TableName=name)["Table"]
        for field in ("TableName", "KeySchema", "AttributeDefinitions", "TableArn", "TableId",
                      "CreationDateTime", "ProvisionedThroughput"):
            self.assertEqual(table[field], created[field], field)

    def test_describe_provisioned_table(self):
        name = self.create_table(billing=None, throughput={"ReadCapacityUnits": 3, "WriteCapacityUnits": 4})
        table = self.ddb.describe_table(TableName=name)["Table"]
        self.assertEqual(table["ProvisionedThroughput"],
                         {"NumberOfDecreasesToday": 0, "ReadCapacityUnits": 3, "WriteCapacityUnits": 4})

    def test_describe_missing_table(self):
        name = unique_name("missing")
        self.assertDynamoError(lambda: self.ddb.describe_table(TableName=name), "ResourceNotFoundException",
                               "Requested resource not found: Table: %s not found" % name)

    def test_describe_missing_table_name(self):
        self.assertValidation(lambda: self.raw.describe_table(),
                              "The parameter 'TableName' is required but was not present in the request")

    def test_describe_bad_table_name(self):
        self.assertValidation(
            lambda: self.raw.describe_table(TableName="abc;"),
            "1 validation error detected: Value 'abc;' at 'tableName' failed to satisfy constraint: "
            "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+")


class ListTablesTest(DynamoTestCase):

    def make_tables(self, count, prefix):
        names = sorted("%s%02d" % (prefix, i) for i in range(count))
        for name in names:
            self.ddb.create_table(**hash_table(name))
            self._tables.append(name)
        for name in names:
            self.wait_active(name)
        return names

    def test_list_contains_new_table(self):
        name = self.create_table()
        names = []
        kwargs = {}
        while True:
            page = self.ddb.list_tables(**kwargs)
            names += page["TableNames"]
            if "LastEvaluatedTableName" not in page:
                break
            kwargs = {"ExclusiveStartTableName": page["LastEvaluatedTableName"]}
        self.assertIn(name, names)

    def test_list_is_sorted(self):
        prefix = unique_name("sorted") + "_"
        self.make_tables(3, prefix)
        names = self.ddb.list_tables()["TableNames"]
        self.assertEqual(names, sorted(names))

    def test_limit_and_last_evaluated_table_name(self):
        prefix = unique_name("page") + "_"
        ours = self.make_tables(3, prefix)
        first = self.ddb.list_tables(ExclusiveStartTableName=prefix, Limit=2)
        self.assertEqual(first["TableNames"], ours[:2])
        self.assertEqual(first["LastEvaluatedTableName"], ours[1])
        second = self.ddb.list_tables(ExclusiveStartTableName=first["LastEvaluatedTableName"], Limit=2)
        self.assertEqual(second["TableNames"][0], ours[2])

    def test_exclusive_start_table_name_is_exclusive(self):
        prefix = unique_name("excl") + "_"
        ours = self.make_tables(2, prefix)
        page = self.ddb.list_tables(ExclusiveStartTableName=ours[0], Limit=1)
        self.assertEqual(page["TableNames"], [ours[1]])

    def test_exclusive_start_need_not_exist(self):
        prefix = unique_name("gap") + "_"
        ours = self.make_tables(2, prefix)
        # prefix + "00a" sorts between prefix00 and prefix01.
        page = self.ddb.list_tables(ExclusiveStartTableName=ours[0] + "a", Limit=1)
        self.assertEqual(page["TableNames"], [ours[1]])

    def test_no_last_evaluated_name_when_limit_covers_the_rest(self):
        # 'z' sorts after every other character allowed in a table name.
        prefix = "zzzz" + unique_name("last") + "_"
        ours = self.make_tables(2, prefix)
        page = self.ddb.list_tables(ExclusiveStartTableName=prefix, Limit=2)
        self.assertEqual(page["TableNames"], ours)
        self.assertNotIn("LastEvaluatedTableName", page)

    def test_limit_100_is_accepted(self):
        page = self.ddb.list_tables(Limit=100)
        self.assertIsInstance(page["TableNames"], list)

    def test_limit_zero(self):
        self.assertValidation(
            lambda: self.raw.list_tables(Limit=0),
            "1 validation error detected: Value '0' at 'limit' failed to satisfy constraint: "
            "Member must have value greater than or equal to 1")

    def test_limit_over_100(self):
        self.assertValidation(
            lambda: self.raw.list_tables(Limit=101),
            "1 validation error detected: Value '101' at 'limit' failed to satisfy constraint: "
            "Member must have value less than or equal to 100")

    def test_exclusive_start_table_name_too_long(self):
        name = "a" * 256
        self.assertValidation(
            lambda: self.raw.list_tables(ExclusiveStartTableName=name),
            "1 validation error detected: Value '%s' at 'exclusiveStartTableName' failed to satisfy "
            "constraint: Member must have length less than or equal to 255" % name)


class DeleteTableTest(DynamoTestCase):

    def test_delete_returns_description_and_removes_table(self):
        name = self.create_table()
        desc = self.ddb.delete_table(TableName=name)["TableDescription"]
        self.assertEqual(desc["TableName"], name)
        self.assertEqual(desc["TableStatus"], "DELETING")
        self.assertEqual(desc["TableArn"].split(":table/")[1], name)
        self.assertEqual((desc["ItemCount"], desc["TableSizeBytes"]), (0, 0))
        self.assertIn("ProvisionedThroughput", desc)
        # DynamoDB's short form: no key schema, definitions, creation time or indexes.
        for absent in ("KeySchema", "AttributeDefinitions", "CreationDateTime", "GlobalSecondaryIndexes"):
            self.assertNotIn(absent, desc)
        self.wait_deleted(name)
        self.assertDynamoError(lambda: self.ddb.describe_table(TableName=name), "ResourceNotFoundException",
                               "Requested resource not found: Table: %s not found" % name)
        self.assertNotIn(name, self.ddb.list_tables(ExclusiveStartTableName=name[:-1])["TableNames"])

    def test_delete_missing_table(self):
        name = unique_name("missing")
        self.assertDynamoError(lambda: self.ddb.delete_table(TableName=name), "ResourceNotFoundException",
                               "Requested resource not found: Table: %s not found" % name)

    def test_items_are_gone_after_delete_and_recreate(self):
        name = self.create_table()
        for i in range(30):
            self.ddb.put_item(TableName=name, Item={"pk": {"S": "k%d" % i}, "v": {"N": str(i)}})
        self.ddb.delete_table(TableName=name)
        self.wait_deleted(name)
        self.create_table(name=name)
        self.assertNotIn("Item", self.ddb.get_item(TableName=name, Key={"pk": {"S": "k1"}}, ConsistentRead=True))
        self.assertEqual(self.ddb.describe_table(TableName=name)["Table"]["ItemCount"], 0)

    def test_recreate_with_other_key_schema(self):
        name = self.create_table()
        self.ddb.put_item(TableName=name, Item={"pk": {"S": "a"}})
        self.ddb.delete_table(TableName=name)
        self.wait_deleted(name)
        self.create_table(name=name, hash_key=("id", "N"))
        self.ddb.put_item(TableName=name, Item={"id": {"N": "1"}})
        self.assertEqual(self.ddb.get_item(TableName=name, Key={"id": {"N": "1"}}, ConsistentRead=True)["Item"],
                         {"id": {"N": "1"}})

    def test_operations_on_deleted_table(self):
        name = self.create_table()
        self.ddb.delete_table(TableName=name)
        self.wait_deleted(name)
        self.assertDynamoError(lambda: self.ddb.put_item(TableName=name, Item={"pk": {"S": "a"}}),
                               "ResourceNotFoundException", "Requested resource not found")
        self.assertDynamoError(lambda: self.ddb.get_item(TableName=name, Key={"pk": {"S": "a"}}),
                               "ResourceNotFoundException", "Requested resource not found")


if __name__ == "__main__":
    unittest.main()
