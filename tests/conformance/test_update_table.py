"""UpdateTable through boto3: throughput and billing changes, and global
secondary indexes created (backfilled from existing items, then kept up to
date) and deleted."""

import unittest

from boto3.dynamodb.conditions import Key

from harness import DynamoTestCase, make_resource


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
            "At least one of ProvisionedThroughput, BillingMode, UpdateStreamEnabled, GlobalSecondaryIndexUpdates "
            "or SSESpecification or ReplicaUpdates is required")

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


if __name__ == "__main__":
    unittest.main()
