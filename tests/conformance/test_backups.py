"""DescribeContinuousBackups and UpdateContinuousBackups (point-in-time
recovery settings) through boto3 and the AWS CLI: what Terraform and other
infrastructure tools read and set on every table they manage. Continuous
backups are ENABLED on every table; point-in-time recovery is off until
turned on, with a recovery period of 1 to 35 days (35 by default)."""

import datetime
import shutil
import tempfile
import unittest

from harness import DynamoTestCase, ServerProcess, is_external, make_client, unique_name


def constraint(value, path, rule):
    return "1 validation error detected: Value %s at '%s' failed to satisfy constraint: %s" % (value, path, rule)


class ContinuousBackupsTest(DynamoTestCase):

    def pitr(self, response):
        description = response["ContinuousBackupsDescription"]
        self.assertEqual(description["ContinuousBackupsStatus"], "ENABLED")
        return description["PointInTimeRecoveryDescription"]

    def test_new_table_has_recovery_off(self):
        table = self.create_table(prefix="pitr")
        pitr = self.pitr(self.ddb.describe_continuous_backups(TableName=table))
        self.assertEqual(pitr, {"PointInTimeRecoveryStatus": "DISABLED"})

    def test_enable_describe_disable(self):
        table = self.create_table(prefix="pitr")
        before = datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(seconds=5)
        pitr = self.pitr(self.ddb.update_continuous_backups(
            TableName=table, PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": True}))
        self.assertEqual(pitr["PointInTimeRecoveryStatus"], "ENABLED")
        self.assertEqual(pitr["RecoveryPeriodInDays"], 35)
        self.assertGreaterEqual(pitr["EarliestRestorableDateTime"], before)
        self.assertGreaterEqual(pitr["LatestRestorableDateTime"], pitr["EarliestRestorableDateTime"])

        described = self.pitr(self.ddb.describe_continuous_backups(TableName=table))
        self.assertEqual(described["PointInTimeRecoveryStatus"], "ENABLED")
        self.assertEqual(described["EarliestRestorableDateTime"], pitr["EarliestRestorableDateTime"])

        # Enabling again keeps the start and takes the new period.
        again = self.pitr(self.ddb.update_continuous_backups(
            TableName=table,
            PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": True, "RecoveryPeriodInDays": 7}))
        self.assertEqual(again["RecoveryPeriodInDays"], 7)
        self.assertEqual(again["EarliestRestorableDateTime"], pitr["EarliestRestorableDateTime"])

        off = self.pitr(self.ddb.update_continuous_backups(
            TableName=table, PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": False}))
        self.assertEqual(off, {"PointInTimeRecoveryStatus": "DISABLED"})
        self.assertEqual(self.pitr(self.ddb.describe_continuous_backups(TableName=table)), off)

    def test_missing_table_is_table_not_found(self):
        missing = unique_name("missing")
        self.assertDynamoError(lambda: self.ddb.describe_continuous_backups(TableName=missing),
                               "TableNotFoundException", "Table not found: " + missing)
        self.assertDynamoError(
            lambda: self.ddb.update_continuous_backups(
                TableName=missing, PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": True}),
            "TableNotFoundException", "Table not found: " + missing)

    def test_validation(self):
        table = self.create_table(prefix="pitr")
        raw = self.raw
        self.assertValidation(
            lambda: raw.update_continuous_backups(TableName=table, PointInTimeRecoverySpecification={}),
            constraint("null", "pointInTimeRecoverySpecification.pointInTimeRecoveryEnabled",
                       "Member must not be null"))
        for days, rule in ((0, "Member must have value greater than or equal to 1"),
                           (36, "Member must have value less than or equal to 35")):
            with self.subTest(days=days):
                self.assertValidation(
                    lambda: raw.update_continuous_backups(
                        TableName=table, PointInTimeRecoverySpecification={
                            "PointInTimeRecoveryEnabled": True, "RecoveryPeriodInDays": days}),
                    constraint("'%d'" % days, "pointInTimeRecoverySpecification.recoveryPeriodInDays", rule))
        self.assertValidation(
            lambda: raw.update_continuous_backups(TableName=table),
            constraint("null", "pointInTimeRecoverySpecification", "Member must not be null"))

    def test_aws_cli(self):
        table = self.create_table(prefix="pitr")
        _, out = self.aws("update-continuous-backups", "--table-name", table,
                          "--point-in-time-recovery-specification", "PointInTimeRecoveryEnabled=true")
        self.assertEqual(self.pitr(out)["PointInTimeRecoveryStatus"], "ENABLED")
        _, out = self.aws("describe-continuous-backups", "--table-name", table)
        self.assertEqual(self.pitr(out)["RecoveryPeriodInDays"], 35)


@unittest.skipIf(is_external(), "restarts the server, which needs a local dynamo-items")
class ContinuousBackupsPersistenceTest(unittest.TestCase):

    def test_setting_survives_restart(self):
        directory = tempfile.mkdtemp(prefix="dynamo-items-pitr-")
        server = ServerProcess(db_path=directory)
        try:
            ddb = make_client(server.start())
            table = unique_name("pitr")
            ddb.create_table(TableName=table, AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
                             KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}], BillingMode="PAY_PER_REQUEST")
            ddb.update_continuous_backups(TableName=table, PointInTimeRecoverySpecification={
                "PointInTimeRecoveryEnabled": True, "RecoveryPeriodInDays": 10})
            server.stop()
            server = ServerProcess(db_path=directory)
            ddb = make_client(server.start())
            pitr = ddb.describe_continuous_backups(TableName=table)["ContinuousBackupsDescription"][
                "PointInTimeRecoveryDescription"]
            self.assertEqual((pitr["PointInTimeRecoveryStatus"], pitr["RecoveryPeriodInDays"]), ("ENABLED", 10))
        finally:
            server.kill()
            shutil.rmtree(directory, ignore_errors=True)


if __name__ == "__main__":
    unittest.main()
