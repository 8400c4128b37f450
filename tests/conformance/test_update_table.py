"""UpdateTable through boto3: throughput and billing changes, and global
secondary indexes created (backfilled from existing items, then kept up to
date) and deleted."""

import unittest

from boto3.dynamodb.conditions import Key

from harness import DynamoTestCase, make_resource

NOTHING_TO_UPDATE = (
    "At least one of ProvisionedThroughput, BillingMode, UpdateStreamEnabled, GlobalSecondaryIndexUpdates, "
    "SSESpecification, ReplicaUpdates, MultiAccountReplicaReady, ReplicaTransitRoleArn, MultiRegionConsistency, "
    "DeletionProtectionEnabled, OnDemandThroughput, WarmThroughput or TableClass is required")


def create_index(name, hash_name, range_name=None, projection=True):
    schema = [{"AttributeName": hash_name, "KeyType": "HASH"}]
    if range_name is not None:
        schema.append({"AttributeName": range_name, "KeyType": "RANGE"})
    create = {"IndexName": name, "KeySchema": schema}
    if projection:
        create["Projection"] = {"ProjectionType": "ALL"}
    return [{"Create": create}]


class UpdateTableTest(DynamoTestCase):

    def test_billing_and_throughput(self):
        table = self.create_table(hash_key=("pk", "S"), prefix="ut")
        resp = self.ddb.update_table(TableName=table, BillingMode="PROVISIONED",
                                     ProvisionedThroughput={"ReadCapacityUnits": 5, "WriteCapacityUnits": 6})
        pt = resp["TableDescription"]["ProvisionedThroughput"]
        self.assertEqual((pt["ReadCapacityUnits"], pt["WriteCapacityUnits"]), (5, 6))
        described = self.ddb.describe_table(TableName=table)["Table"]["ProvisionedThroughput"]
        self.assertEqual((described["ReadCapacityUnits"], described["WriteCapacityUnits"]), (5, 6))

    def test_nothing_to_update(self):
        table = self.create_table(hash_key=("pk", "S"), prefix="ut")
        self.assertValidation(
            lambda: self.ddb.update_table(TableName=table),
            NOTHING_TO_UPDATE)
        self.assertValidation(lambda: self.ddb.update_table(TableName=table, GlobalSecondaryIndexUpdates=[]),
                              NOTHING_TO_UPDATE)

    def test_create_index_backfills_and_delete_removes(self):
        table = self.create_table(hash_key=("pk", "S"), prefix="ut")
        t = make_resource(self.endpoint).Table(table)
        for i in range(30):
            t.put_item(Item={"pk": "p%d" % i, "g": "G%d" % (i % 3), "v": i})
        self.ddb.update_table(
            TableName=table, AttributeDefinitions=[{"AttributeName": "g", "AttributeType": "S"}],
            GlobalSecondaryIndexUpdates=[{"Create": {"IndexName": "byG",
                                                     "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}],
                                                     "Projection": {"ProjectionType": "ALL"}}}])
        self.assertEqual(t.query(IndexName="byG", KeyConditionExpression=Key("g").eq("G1"))["Count"], 10)
        t.put_item(Item={"pk": "new", "g": "G1"})
        t.delete_item(Key={"pk": "p1"})
        self.assertEqual(t.query(IndexName="byG", KeyConditionExpression=Key("g").eq("G1"))["Count"], 10)
        self.ddb.update_table(TableName=table, GlobalSecondaryIndexUpdates=[{"Delete": {"IndexName": "byG"}}])
        self.assertNotIn("GlobalSecondaryIndexes", self.ddb.describe_table(TableName=table)["Table"])
        self.assertValidation(lambda: t.query(IndexName="byG", KeyConditionExpression=Key("g").eq("G1")),
                              "The table does not have the specified index: byG")

    def test_new_index_keys_must_be_defined_in_the_request(self):
        table = self.create_table(hash_key=("pk", "S"), range_key=("sk", "S"), prefix="ut")
        create = {"Create": {"IndexName": "byPkG", "Projection": {"ProjectionType": "KEYS_ONLY"},
                             "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"},
                                           {"AttributeName": "g", "KeyType": "RANGE"}]}}
        err = self.assertValidation(lambda: self.ddb.update_table(
            TableName=table, AttributeDefinitions=[{"AttributeName": "g", "AttributeType": "S"}],
            GlobalSecondaryIndexUpdates=[create]))
        self.assertIn("pk", err.response["Error"]["Message"])
        self.assertValidation(
            lambda: self.ddb.update_table(TableName=table, GlobalSecondaryIndexUpdates=[create]),
            "One or more parameter values were invalid: AttributeDefinitions is not specified for index: byPkG")
        self.ddb.update_table(TableName=table, AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"},
                                                                     {"AttributeName": "g", "AttributeType": "S"}],
                              GlobalSecondaryIndexUpdates=[create])
        names = [ix["IndexName"] for ix in self.ddb.describe_table(TableName=table)["Table"]["GlobalSecondaryIndexes"]]
        self.assertEqual(names, ["byPkG"])


    def test_index_key_redeclared_with_another_type_keeps_the_table_type(self):
        table = self.create_table(hash_key=("pk", "S"), prefix="ut")
        self.ddb.update_table(
            TableName=table, AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "N"},
                                                   {"AttributeName": "g", "AttributeType": "S"}],
            GlobalSecondaryIndexUpdates=create_index("byGpk", "g", "pk"))
        described = self.ddb.describe_table(TableName=table)["Table"]
        types = {d["AttributeName"]: d["AttributeType"] for d in described["AttributeDefinitions"]}
        self.assertEqual(types, {"pk": "S", "g": "S"})
        self.ddb.put_item(TableName=table, Item={"pk": {"S": "a"}, "g": {"S": "x"}})
        found = self.ddb.query(TableName=table, IndexName="byGpk", KeyConditionExpression="g = :g AND pk = :p",
                               ExpressionAttributeValues={":g": {"S": "x"}, ":p": {"S": "a"}})
        self.assertEqual(found["Count"], 1)

    def test_index_definition_constraints(self):
        table = self.create_table(hash_key=("pk", "S"), prefix="ut")
        path = "globalSecondaryIndexUpdates.1.member.create"
        long_index = "i" * 256
        self.assertValidation(
            lambda: self.raw.update_table(TableName=table, AttributeDefinitions=[
                {"AttributeName": "g", "AttributeType": "S"}], GlobalSecondaryIndexUpdates=create_index(long_index, "g")),
            "1 validation error detected: Value '%s' at '%s.indexName' failed to satisfy constraint: Member must have "
            "length less than or equal to 255" % (long_index, path))
        long_attribute = "a" * 256
        self.assertValidation(
            lambda: self.raw.update_table(TableName=table, AttributeDefinitions=[
                {"AttributeName": long_attribute, "AttributeType": "S"}],
                GlobalSecondaryIndexUpdates=create_index("gsi", long_attribute)),
            regex=r"2 validation errors detected: .*")
        err = self.assertValidation(
            lambda: self.raw.update_table(TableName=table, AttributeDefinitions=[
                {"AttributeName": long_attribute, "AttributeType": "S"}],
                GlobalSecondaryIndexUpdates=create_index("gsi", long_attribute)))
        message = err.response["Error"]["Message"]
        for where in ("attributeDefinitions.1.member.attributeName", path + ".keySchema.1.member.attributeName"):
            self.assertIn("Value '%s' at '%s' failed to satisfy constraint: Member must have length less than or "
                          "equal to 255" % (long_attribute, where), message)
        self.assertValidation(
            lambda: self.raw.update_table(TableName=table, AttributeDefinitions=[
                {"AttributeName": "g", "AttributeType": "S"}],
                GlobalSecondaryIndexUpdates=create_index("gsi", "g", projection=False)),
            "1 validation error detected: Value null at '%s.projection' failed to satisfy constraint: Member must "
            "not be null" % path)
        self.assertValidation(
            lambda: self.raw.update_table(TableName=table, AttributeDefinitions=[
                {"AttributeName": "", "AttributeType": "S"}], GlobalSecondaryIndexUpdates=create_index("gsi", "g")),
            "1 validation error detected: Value '' at 'attributeDefinitions.1.member.attributeName' failed to satisfy "
            "constraint: Member must have length greater than or equal to 1")


if __name__ == "__main__":
    unittest.main()
