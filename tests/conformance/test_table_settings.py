"""Table settings that clients set and read back: deletion protection (which
DeleteTable honours), table class, server-side encryption, on-demand
throughput limits and CreateTable's Tags; UpdateTable's refusal of a change
that changes nothing; CreateTable's KeySchema echo; and the order in which
secondary-index key errors name their index."""

import unittest

from harness import DynamoTestCase, unique_name

INVALID = "One or more parameter values were invalid: "


def create(ddb, name, **kw):
    args = dict(TableName=name, AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
                KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}])
    args.setdefault("BillingMode", "PAY_PER_REQUEST")
    args.update(kw)
    if args["BillingMode"] == "PROVISIONED":
        args.setdefault("ProvisionedThroughput", {"ReadCapacityUnits": 5, "WriteCapacityUnits": 5})
    return ddb.create_table(**args)["TableDescription"]


class TableSettingsTest(DynamoTestCase):

    def test_deletion_protection(self):
        name = unique_name("prot")
        self.assertTrue(create(self.ddb, name, DeletionProtectionEnabled=True)["DeletionProtectionEnabled"])
        self.assertTrue(self.ddb.describe_table(TableName=name)["Table"]["DeletionProtectionEnabled"])
        self.assertValidation(lambda: self.ddb.delete_table(TableName=name),
                              "Resource cannot be deleted as it is currently protected against deletion. Disable "
                              "deletion protection first.")
        updated = self.ddb.update_table(TableName=name, DeletionProtectionEnabled=False)["TableDescription"]
        self.assertFalse(updated["DeletionProtectionEnabled"])
        self.ddb.delete_table(TableName=name)

    def test_table_class(self):
        name = unique_name("cls")
        self.assertNotIn("TableClassSummary", create(self.ddb, name))
        self.ddb.update_table(TableName=name, TableClass="STANDARD_INFREQUENT_ACCESS")
        summary = self.ddb.describe_table(TableName=name)["Table"]["TableClassSummary"]
        self.assertEqual(summary["TableClass"], "STANDARD_INFREQUENT_ACCESS")
        other = unique_name("cls")
        self.assertEqual(create(self.ddb, other, TableClass="STANDARD_INFREQUENT_ACCESS")["TableClassSummary"]
                         ["TableClass"], "STANDARD_INFREQUENT_ACCESS")
        self.assertValidation(lambda: self.raw.update_table(TableName=name, TableClass="GLACIER"),
                              "Invalid table-class parameter provided. Please try again with a valid table-class "
                              "value: [STANDARD, STANDARD_INFREQUENT_ACCESS].")

    def test_server_side_encryption(self):
        name = unique_name("sse")
        sse = create(self.ddb, name, SSESpecification={"Enabled": True})["SSEDescription"]
        self.assertEqual((sse["Status"], sse["SSEType"]), ("ENABLED", "KMS"))
        self.assertTrue(sse["KMSMasterKeyArn"].startswith("arn:aws:kms:"))
        self.assertNotIn("SSEDescription", create(self.ddb, unique_name("sse")))
        self.assertValidation(
            lambda: create(self.ddb, unique_name("sse"), SSESpecification={"Enabled": False, "SSEType": "KMS"}),
            INVALID + "SSEType can not be specified if Enabled is false")

    def test_on_demand_throughput(self):
        name = unique_name("odt")
        limits = {"MaxReadRequestUnits": 10, "MaxWriteRequestUnits": 5}
        self.assertEqual(create(self.ddb, name, OnDemandThroughput=limits)["OnDemandThroughput"], limits)
        self.ddb.update_table(TableName=name, OnDemandThroughput={"MaxReadRequestUnits": 20,
                                                                   "MaxWriteRequestUnits": 15})
        self.assertEqual(self.ddb.describe_table(TableName=name)["Table"]["OnDemandThroughput"],
                         {"MaxReadRequestUnits": 20, "MaxWriteRequestUnits": 15})
        self.assertValidation(
            lambda: create(self.ddb, unique_name("odt"), BillingMode="PROVISIONED", OnDemandThroughput=limits),
            INVALID + "MaxReadRequestUnits for OnDemandThroughput cannot be specified when the table BillingMode "
            "is PROVISIONED")

    def test_create_table_tags(self):
        name = unique_name("tag")
        arn = create(self.ddb, name, Tags=[{"Key": "team", "Value": "storage"}])["TableArn"]
        self.assertEqual(self.ddb.list_tags_of_resource(ResourceArn=arn)["Tags"], [{"Key": "team", "Value": "storage"}])

    def test_update_without_change_is_refused(self):
        name = unique_name("same")
        create(self.ddb, name, BillingMode="PROVISIONED")
        self.assertValidation(
            lambda: self.ddb.update_table(TableName=name, BillingMode="PROVISIONED",
                                          ProvisionedThroughput={"ReadCapacityUnits": 5, "WriteCapacityUnits": 5}),
            "The provisioned throughput for the table will not change. The requested value equals the current "
            "value. Current ReadCapacityUnits provisioned for the table: 5. Requested ReadCapacityUnits: 5. Current "
            "WriteCapacityUnits provisioned for the table: 5. Requested WriteCapacityUnits: 5. Refer to the Amazon "
            "DynamoDB Developer Guide for current limits and how to request higher limits.")

    def test_key_schema_echo(self):
        self.assertValidation(
            lambda: self.raw.create_table(
                TableName=unique_name("ks"), BillingMode="PAY_PER_REQUEST",
                AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
                KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"},
                           {"AttributeName": "extra", "KeyType": "RANGE"}]),
            "1 validation error detected: Value '[KeySchemaElement(attributeName=pk, keyType=HASH), "
            "KeySchemaElement(attributeName=sk, keyType=RANGE), KeySchemaElement(attributeName=extra, "
            "keyType=RANGE)]' at 'keySchema' failed to satisfy constraint: Member must have length less than or "
            "equal to 2")

    def test_index_key_errors_name_the_first_index_by_name(self):
        name = unique_name("ixo")
        self.ddb.create_table(
            TableName=name, BillingMode="PAY_PER_REQUEST",
            AttributeDefinitions=[{"AttributeName": a, "AttributeType": "S"} for a in ("pk", "sk", "x")],
            KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
            LocalSecondaryIndexes=[{"IndexName": "lsi1", "Projection": {"ProjectionType": "ALL"},
                                    "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"},
                                                  {"AttributeName": "x", "KeyType": "RANGE"}]}],
            GlobalSecondaryIndexes=[{"IndexName": "gsi1", "Projection": {"ProjectionType": "ALL"},
                                     "KeySchema": [{"AttributeName": "x", "KeyType": "HASH"}]}])
        self.assertValidation(
            lambda: self.ddb.put_item(TableName=name, Item={"pk": {"S": "a"}, "sk": {"S": "b"}, "x": {"N": "5"}}),
            INVALID + "Type mismatch for Index Key x Expected: S Actual: N IndexName: gsi1")

    def test_contributor_insights(self):
        name = unique_name("ci")
        create(self.ddb, name)
        self.assertEqual(self.ddb.describe_contributor_insights(TableName=name)["ContributorInsightsStatus"],
                         "DISABLED")
        updated = self.ddb.update_contributor_insights(TableName=name, ContributorInsightsAction="ENABLE")
        self.assertEqual((updated["TableName"], updated["ContributorInsightsStatus"]), (name, "ENABLED"))
        self.assertEqual(self.ddb.describe_contributor_insights(TableName=name)["ContributorInsightsStatus"],
                         "ENABLED")
        listed = self.ddb.list_contributor_insights()["ContributorInsightsSummaries"]
        self.assertIn({"TableName": name, "ContributorInsightsStatus": "ENABLED"}, listed)
        self.ddb.update_contributor_insights(TableName=name, ContributorInsightsAction="DISABLE")
        self.assertEqual(self.ddb.list_contributor_insights(TableName=name)["ContributorInsightsSummaries"], [])
        self.assertDynamoError(
            lambda: self.ddb.describe_contributor_insights(TableName=name, IndexName="nope"),
            "ResourceNotFoundException")


if __name__ == "__main__":
    unittest.main()
