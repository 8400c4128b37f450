"""On-demand backups through boto3 and the AWS CLI: CreateBackup,
DescribeBackup, ListBackups, DeleteBackup and RestoreTableFromBackup. A
backup is a consistent copy of the table's items; a restore makes a new table
with the backup's definition (and the request's overrides), its items and
their index entries, and a RestoreSummary naming the backup."""

import datetime
import shutil
import tempfile
import threading
import time
import unittest

from harness import DynamoTestCase, ServerProcess, make_client, unique_name


def constraint(value, path, rule):
    return "1 validation error detected: Value %s at '%s' failed to satisfy constraint: %s" % (value, path, rule)


def quiet_second():
    """A whole second in which nothing is written: restore times travel as
    whole seconds (botocore sends timestamps as integral epoch seconds), so
    writes before it and after it fall on either side."""
    time.sleep(1.02 - time.time() % 1)
    second = int(time.time())
    time.sleep(1.02 - time.time() % 1)
    return datetime.datetime.fromtimestamp(second, datetime.timezone.utc)


class BackupRestoreTest(DynamoTestCase):

    def table_with_index(self, items=20):
        name = unique_name("bk")
        self.ddb.create_table(
            TableName=name, BillingMode="PAY_PER_REQUEST",
            AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"},
                                  {"AttributeName": "sk", "AttributeType": "N"},
                                  {"AttributeName": "g", "AttributeType": "S"}],
            KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
            GlobalSecondaryIndexes=[{"IndexName": "by_g", "Projection": {"ProjectionType": "ALL"},
                                     "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"},
                                                   {"AttributeName": "sk", "KeyType": "RANGE"}]}])
        self._tables.append(name)
        for i in range(items):
            item = {"pk": {"S": "p%d" % (i % 4)}, "sk": {"N": str(i)}, "v": {"S": "x" * i}}
            if i % 2 == 0:
                item["g"] = {"S": "even"}
            self.put(name, item)
        return name

    def scan_all(self, table, **kw):
        items, start = [], None
        while True:
            page = self.ddb.scan(TableName=table, **({"ExclusiveStartKey": start} if start else {}), **kw)
            items += page["Items"]
            start = page.get("LastEvaluatedKey")
            if not start:
                return sorted(items, key=lambda i: (i["pk"]["S"], int(i["sk"]["N"])))

    def test_create_describe_restore_round_trip(self):
        table = self.table_with_index()
        before = self.scan_all(table)
        created = self.ddb.create_backup(TableName=table, BackupName="nightly.1")["BackupDetails"]
        self.assertEqual(created["BackupName"], "nightly.1")
        self.assertEqual(created["BackupStatus"], "AVAILABLE")
        self.assertEqual(created["BackupType"], "USER")
        self.assertRegex(created["BackupArn"],
                         r"^arn:aws:dynamodb:us-east-1:\d{12}:table/%s/backup/\d{14}-[0-9a-f]{8}$" % table)
        self.assertGreater(created["BackupSizeBytes"], 0)
        # Writes after the backup are not in it.
        self.put(table, {"pk": {"S": "later"}, "sk": {"N": "1"}, "g": {"S": "even"}})
        self.ddb.delete_item(TableName=table, Key={"pk": {"S": "p0"}, "sk": {"N": "0"}})

        described = self.ddb.describe_backup(BackupArn=created["BackupArn"])["BackupDescription"]
        self.assertEqual(described["BackupDetails"]["BackupArn"], created["BackupArn"])
        source = described["SourceTableDetails"]
        self.assertEqual(source["TableName"], table)
        self.assertEqual(source["ItemCount"], 20)
        self.assertEqual(source["BillingMode"], "PAY_PER_REQUEST")
        self.assertEqual(source["KeySchema"][0], {"AttributeName": "pk", "KeyType": "HASH"})
        source_table = self.ddb.describe_table(TableName=table)["Table"]
        self.assertEqual(source["TableId"], source_table["TableId"])
        self.assertEqual(source["TableArn"], source_table["TableArn"])
        gsis = described["SourceTableFeatureDetails"]["GlobalSecondaryIndexes"]
        self.assertEqual([g["IndexName"] for g in gsis], ["by_g"])

        target = unique_name("rs")
        restored = self.ddb.restore_table_from_backup(TargetTableName=target,
                                                      BackupArn=created["BackupArn"])["TableDescription"]
        self._tables.append(target)
        self.assertEqual(restored["TableName"], target)
        self.assertEqual(restored["RestoreSummary"]["SourceBackupArn"], created["BackupArn"])
        self.assertEqual(restored["RestoreSummary"]["SourceTableArn"], source_table["TableArn"])
        self.assertFalse(restored["RestoreSummary"]["RestoreInProgress"])
        self.assertEqual(restored["GlobalSecondaryIndexes"][0]["IndexName"], "by_g")
        self.ddb.get_waiter("table_exists").wait(TableName=target)
        self.assertEqual(self.scan_all(target), before)
        # The index was rebuilt from the items.
        evens = self.ddb.query(TableName=target, IndexName="by_g", KeyConditionExpression="g = :g",
                               ExpressionAttributeValues={":g": {"S": "even"}})["Items"]
        self.assertEqual(sorted(int(i["sk"]["N"]) for i in evens), list(range(0, 20, 2)))
        described_target = self.ddb.describe_table(TableName=target)["Table"]
        self.assertEqual(described_target["RestoreSummary"]["SourceBackupArn"], created["BackupArn"])
        # The restored table is a table like any other.
        self.put(target, {"pk": {"S": "new"}, "sk": {"N": "5"}})
        self.assertEqual(len(self.scan_all(target)), 21)
        self.assertEqual(len(self.scan_all(table)), 20)

    def test_restore_with_overrides(self):
        table = self.table_with_index(items=6)
        arn = self.ddb.create_backup(TableName=table, BackupName="ovr")["BackupDetails"]["BackupArn"]
        target = unique_name("rs")
        restored = self.ddb.restore_table_from_backup(
            TargetTableName=target, BackupArn=arn, BillingModeOverride="PROVISIONED",
            ProvisionedThroughputOverride={"ReadCapacityUnits": 7, "WriteCapacityUnits": 3},
            GlobalSecondaryIndexOverride=[])["TableDescription"]
        self._tables.append(target)
        self.assertEqual(restored["ProvisionedThroughput"]["ReadCapacityUnits"], 7)
        self.assertNotIn("GlobalSecondaryIndexes", restored)
        self.assertNotIn("BillingModeSummary", restored)
        self.assertEqual(len(self.scan_all(target)), 6)
        # The unused attribute definition of the dropped index went with it.
        self.assertEqual([d["AttributeName"] for d in restored["AttributeDefinitions"]], ["pk", "sk"])

    def test_list_filters_and_pages(self):
        a = self.table_with_index(items=2)
        b = self.table_with_index(items=1)
        arns = [self.ddb.create_backup(TableName=a, BackupName="bk-a%d" % i)["BackupDetails"]["BackupArn"]
                for i in range(3)]
        other = self.ddb.create_backup(TableName=b, BackupName="bk-b0")["BackupDetails"]["BackupArn"]
        listed = self.ddb.list_backups(TableName=a)["BackupSummaries"]
        self.assertEqual([s["BackupArn"] for s in listed], arns)
        self.assertEqual(listed[0]["TableName"], a)
        self.assertEqual(listed[0]["BackupStatus"], "AVAILABLE")
        first = self.ddb.list_backups(TableName=a, Limit=2)
        self.assertEqual([s["BackupArn"] for s in first["BackupSummaries"]], arns[:2])
        self.assertEqual(first["LastEvaluatedBackupArn"], arns[1])
        rest = self.ddb.list_backups(TableName=a, Limit=2, ExclusiveStartBackupArn=first["LastEvaluatedBackupArn"])
        self.assertEqual([s["BackupArn"] for s in rest["BackupSummaries"]], arns[2:])
        self.assertNotIn("LastEvaluatedBackupArn", rest)
        everything = [s["BackupArn"] for s in self.ddb.list_backups()["BackupSummaries"]]
        self.assertIn(other, everything)
        self.assertEqual(self.ddb.list_backups(TableName=a, BackupType="SYSTEM")["BackupSummaries"], [])
        future = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(hours=1)
        self.assertEqual(self.ddb.list_backups(TableName=a, TimeRangeLowerBound=future)["BackupSummaries"], [])
        self.assertEqual(len(self.ddb.list_backups(TableName=a, TimeRangeUpperBound=future)["BackupSummaries"]), 3)

    def test_delete_backup(self):
        table = self.table_with_index(items=3)
        arn = self.ddb.create_backup(TableName=table, BackupName="gone")["BackupDetails"]["BackupArn"]
        deleted = self.ddb.delete_backup(BackupArn=arn)["BackupDescription"]
        self.assertEqual(deleted["BackupDetails"]["BackupStatus"], "DELETED")
        self.assertDynamoError(lambda: self.ddb.describe_backup(BackupArn=arn), "BackupNotFoundException",
                               "Backup not found: " + arn)
        self.assertDynamoError(lambda: self.ddb.delete_backup(BackupArn=arn), "BackupNotFoundException",
                               "Backup not found: " + arn)
        self.assertNotIn(arn, [s["BackupArn"] for s in self.ddb.list_backups(TableName=table)["BackupSummaries"]])

    def test_backup_outlives_its_table(self):
        table = self.table_with_index(items=5)
        arn = self.ddb.create_backup(TableName=table, BackupName="keep")["BackupDetails"]["BackupArn"]
        self.ddb.delete_table(TableName=table)
        self.assertEqual(self.ddb.describe_backup(BackupArn=arn)["BackupDescription"]["SourceTableDetails"]["ItemCount"], 5)
        self.ddb.restore_table_from_backup(TargetTableName=table, BackupArn=arn)
        self.assertEqual(len(self.scan_all(table)), 5)

    def test_deleting_a_recoverable_table_keeps_a_system_backup(self):
        table = self.table_with_index(items=4)
        self.ddb.update_continuous_backups(TableName=table,
                                           PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": True})
        self.ddb.delete_table(TableName=table)
        self.assertEqual(self.ddb.list_backups(TableName=table)["BackupSummaries"], [])
        system = self.ddb.list_backups(TableName=table, BackupType="SYSTEM")["BackupSummaries"]
        self.assertEqual([s["BackupName"] for s in system], [table + "$DeletedTableBackup"])
        self.assertIn("BackupExpiryDateTime", system[0])
        self.assertIn(system[0]["BackupArn"],
                      [s["BackupArn"] for s in self.ddb.list_backups(BackupType="ALL")["BackupSummaries"]])
        self.ddb.restore_table_from_backup(TargetTableName=table, BackupArn=system[0]["BackupArn"])
        self.assertEqual(len(self.scan_all(table)), 4)

    def test_errors(self):
        table = self.table_with_index(items=1)
        missing = unique_name("none")
        self.assertDynamoError(lambda: self.ddb.create_backup(TableName=missing, BackupName="abc"),
                               "TableNotFoundException", "Table not found: " + missing)
        self.assertDynamoError(lambda: self.raw.create_backup(TableName=table, BackupName="a b"),
                               "ValidationException",
                               constraint("'a b'", "backupName",
                                          "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+"))
        self.assertDynamoError(lambda: self.raw.create_backup(TableName=table, BackupName="ab"),
                               "ValidationException",
                               constraint("'ab'", "backupName", "Member must have length greater than or equal to 3"))
        arn = self.ddb.create_backup(TableName=table, BackupName="err")["BackupDetails"]["BackupArn"]
        self.assertDynamoError(lambda: self.ddb.restore_table_from_backup(TargetTableName=table, BackupArn=arn),
                               "TableAlreadyExistsException", "Table already exists: " + table)
        bogus = arn[:-8] + "ffffffff"
        self.assertDynamoError(lambda: self.ddb.restore_table_from_backup(TargetTableName=unique_name("x"),
                                                                          BackupArn=bogus),
                               "BackupNotFoundException", "Backup not found: " + bogus)
        self.assertDynamoError(lambda: self.raw.list_backups(Limit=0), "ValidationException",
                               constraint("'0'", "limit", "Member must have value greater than or equal to 1"))
        self.assertDynamoError(lambda: self.raw.list_backups(BackupType="NONE"), "ValidationException",
                               constraint("'NONE'", "backupType",
                                          "Member must satisfy enum value set: [USER, SYSTEM, AWS_BACKUP, ALL]"))

    def test_backup_during_writes_is_consistent(self):
        # Items are written in pairs by a transaction; a backup taken while they
        # are written holds both of a pair or neither.
        table = self.create_table(prefix="bkc")
        stop = threading.Event()
        client = make_client(self.endpoint)

        def writer():
            n = 0
            while not stop.is_set():
                client.transact_write_items(TransactItems=[
                    {"Put": {"TableName": table, "Item": {"pk": {"S": "a%d" % n}}}},
                    {"Put": {"TableName": table, "Item": {"pk": {"S": "b%d" % n}}}}])
                n += 1

        thread = threading.Thread(target=writer)
        thread.start()
        try:
            arns = [self.ddb.create_backup(TableName=table, BackupName="bk-c%d" % i)["BackupDetails"]["BackupArn"]
                    for i in range(5)]
        finally:
            stop.set()
            thread.join()
        for i, arn in enumerate(arns):
            target = unique_name("rc")
            self.ddb.restore_table_from_backup(TargetTableName=target, BackupArn=arn)
            self._tables.append(target)
            keys = {item["pk"]["S"] for item in self.ddb.scan(TableName=target)["Items"]}
            self.assertEqual({k[1:] for k in keys if k[0] == "a"}, {k[1:] for k in keys if k[0] == "b"})

    def test_aws_cli(self):
        table = self.table_with_index(items=2)
        _, created = self.aws("create-backup", "--table-name", table, "--backup-name", "cli-backup")
        arn = created["BackupDetails"]["BackupArn"]
        _, listed = self.aws("list-backups", "--table-name", table)
        self.assertEqual([s["BackupArn"] for s in listed["BackupSummaries"]], [arn])
        target = unique_name("cli")
        self.aws("restore-table-from-backup", "--target-table-name", target, "--backup-arn", arn)
        self._tables.append(target)
        self.assertEqual(len(self.scan_all(target)), 2)
        _, described = self.aws("describe-backup", "--backup-arn", arn)
        self.assertEqual(described["BackupDescription"]["BackupDetails"]["BackupName"], "cli-backup")
        _, deleted = self.aws("delete-backup", "--backup-arn", arn)
        self.assertEqual(deleted["BackupDescription"]["BackupDetails"]["BackupStatus"], "DELETED")


class PointInTimeRestoreTest(DynamoTestCase):

    def recoverable_table(self):
        name = unique_name("pit")
        self.ddb.create_table(
            TableName=name, BillingMode="PAY_PER_REQUEST",
            AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"},
                                  {"AttributeName": "g", "AttributeType": "S"}],
            KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
            GlobalSecondaryIndexes=[{"IndexName": "by_g", "Projection": {"ProjectionType": "ALL"},
                                     "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}]}])
        self._tables.append(name)
        # Written before recovery is on: in the history's base, the items.
        self.put(name, {"pk": {"S": "old"}, "g": {"S": "x"}, "v": {"N": "0"}})
        self.ddb.update_continuous_backups(TableName=name,
                                           PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": True})
        return name

    def state(self, table):
        return {i["pk"]["S"]: i.get("v", {}).get("N") for i in self.ddb.scan(TableName=table)["Items"]}

    def moment(self):
        return quiet_second()

    def restore(self, source, when=None, **kw):
        target = unique_name("pitr")
        if when is None:
            kw["UseLatestRestorableTime"] = True
        else:
            kw["RestoreDateTime"] = when
        described = self.ddb.restore_table_to_point_in_time(SourceTableName=source, TargetTableName=target,
                                                             **kw)["TableDescription"]
        self._tables.append(target)
        return target, described

    def test_restores_each_moment(self):
        table = self.recoverable_table()
        t0 = self.moment()
        self.put(table, {"pk": {"S": "a"}, "g": {"S": "x"}, "v": {"N": "1"}})
        self.put(table, {"pk": {"S": "b"}, "v": {"N": "1"}})
        t1 = self.moment()
        self.ddb.update_item(TableName=table, Key={"pk": {"S": "a"}}, UpdateExpression="SET v = :v",
                             ExpressionAttributeValues={":v": {"N": "2"}})
        self.ddb.delete_item(TableName=table, Key={"pk": {"S": "b"}})
        self.ddb.delete_item(TableName=table, Key={"pk": {"S": "old"}})
        self.ddb.transact_write_items(TransactItems=[
            {"Put": {"TableName": table, "Item": {"pk": {"S": "c"}, "v": {"N": "3"}}}}])
        t2 = self.moment()
        self.put(table, {"pk": {"S": "a"}, "v": {"N": "9"}})

        expected = [(t0, {"old": "0"}),
                    (t1, {"old": "0", "a": "1", "b": "1"}),
                    (t2, {"a": "2", "c": "3"})]
        for when, items in expected:
            target, described = self.restore(table, when)
            self.assertEqual(self.state(target), items, when)
            self.assertNotIn("SourceBackupArn", described["RestoreSummary"])
            self.assertEqual(described["RestoreSummary"]["SourceTableArn"],
                             self.ddb.describe_table(TableName=table)["Table"]["TableArn"])
        # The index of the restored table holds the items of that moment.
        target, _ = self.restore(table, t1)
        in_index = self.ddb.query(TableName=target, IndexName="by_g", KeyConditionExpression="g = :g",
                                  ExpressionAttributeValues={":g": {"S": "x"}})["Items"]
        self.assertEqual(sorted(i["pk"]["S"] for i in in_index), ["a", "old"])
        latest, _ = self.restore(table)
        self.assertEqual(self.state(latest), {"a": "9", "c": "3"})

    def test_window_and_errors(self):
        table = self.recoverable_table()
        pitr = self.ddb.describe_continuous_backups(TableName=table)["ContinuousBackupsDescription"][
            "PointInTimeRecoveryDescription"]
        too_early = pitr["EarliestRestorableDateTime"] - datetime.timedelta(seconds=5)
        self.assertDynamoError(lambda: self.restore(table, too_early), "InvalidRestoreTimeException")
        future = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(hours=1)
        self.assertDynamoError(lambda: self.restore(table, future), "InvalidRestoreTimeException")
        plain = self.create_table(prefix="nopitr")
        self.assertDynamoError(lambda: self.restore(plain), "PointInTimeRecoveryUnavailableException",
                               "Point in time recovery is not enabled for table '%s'" % plain)
        missing = unique_name("none")
        self.assertDynamoError(lambda: self.restore(missing), "TableNotFoundException",
                               "Table not found: " + missing)
        self.assertDynamoError(
            lambda: self.ddb.restore_table_to_point_in_time(SourceTableName=table, TargetTableName=plain,
                                                            UseLatestRestorableTime=True),
            "TableAlreadyExistsException", "Table already exists: " + plain)
        # Turning recovery off forgets the history: the window starts again.
        before = self.moment()
        self.ddb.update_continuous_backups(TableName=table,
                                           PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": False})
        self.assertDynamoError(lambda: self.restore(table), "PointInTimeRecoveryUnavailableException")
        self.ddb.update_continuous_backups(TableName=table,
                                           PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": True})
        time.sleep(1.1)
        self.assertDynamoError(lambda: self.restore(table, before), "InvalidRestoreTimeException")

    def test_by_arn_and_aws_cli(self):
        table = self.recoverable_table()
        arn = self.ddb.describe_table(TableName=table)["Table"]["TableArn"]
        target = unique_name("arn")
        self.ddb.restore_table_to_point_in_time(SourceTableArn=arn, TargetTableName=target,
                                                UseLatestRestorableTime=True)
        self._tables.append(target)
        self.assertEqual(self.state(target), {"old": "0"})
        target = unique_name("cli")
        _, out = self.aws("restore-table-to-point-in-time", "--source-table-name", table,
                          "--target-table-name", target, "--use-latest-restorable-time")
        self._tables.append(target)
        self.assertEqual(out["TableDescription"]["TableName"], target)
        self.assertEqual(self.state(target), {"old": "0"})


class BackupPersistenceTest(unittest.TestCase):

    def test_backups_and_recovery_history_survive_restart(self):
        directory = tempfile.mkdtemp(prefix="dynamo-items-backup-")
        try:
            server = ServerProcess(db_path=directory)
            ddb = make_client(server.start())
            ddb.create_table(TableName="src", BillingMode="PAY_PER_REQUEST",
                             AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
                             KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}])
            ddb.update_continuous_backups(TableName="src",
                                          PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": True})
            for i in range(50):
                ddb.put_item(TableName="src", Item={"pk": {"S": str(i)}})
            halfway = quiet_second()
            for i in range(50, 60):
                ddb.put_item(TableName="src", Item={"pk": {"S": str(i)}})
            ddb.delete_item(TableName="src", Key={"pk": {"S": "0"}})
            arn = ddb.create_backup(TableName="src", BackupName="persist")["BackupDetails"]["BackupArn"]
            self.assertEqual(server.stop(), 0)
            server = ServerProcess(db_path=directory)
            ddb = make_client(server.start())
            self.assertEqual([s["BackupArn"] for s in ddb.list_backups()["BackupSummaries"]], [arn])
            # The recovery history survived the restart too.
            ddb.restore_table_to_point_in_time(SourceTableName="src", TargetTableName="then",
                                               RestoreDateTime=halfway)
            self.assertEqual(sorted(int(i["pk"]["S"]) for i in ddb.scan(TableName="then")["Items"]), list(range(50)))
            ddb.restore_table_from_backup(TargetTableName="dst", BackupArn=arn)
            self.assertEqual(ddb.scan(TableName="dst", Select="COUNT")["Count"], 59)
            self.assertEqual(server.stop(), 0)
            server = ServerProcess(db_path=directory)
            ddb = make_client(server.start())
            self.assertEqual(ddb.scan(TableName="dst", Select="COUNT")["Count"], 59)
            self.assertEqual(server.stop(), 0)
        finally:
            shutil.rmtree(directory, ignore_errors=True)


if __name__ == "__main__":
    unittest.main()
