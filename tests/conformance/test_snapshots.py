"""Named snapshots, dynamo-items' own API for test fixtures (target prefix
DynamoItems_20261201, beside DynamoDB's): CreateSnapshot saves the whole
database or a list of tables, RestoreSnapshot puts them back as saved (items,
index entries, settings; a whole-database snapshot also drops tables created
since), ListSnapshots and DeleteSnapshot; the same from the command line
(`dynamo-items snapshot ...`) and at start-up (`serve --load-snapshot`).

Each test works in a database of its own: the server keeps one per access
key, and each test signs with a fresh key."""

import json
import os
import shutil
import subprocess
import tempfile
import unittest
import uuid

import boto3
import botocore.auth
import botocore.awsrequest
import botocore.credentials

from harness import REGION, DynamoTestCase, ServerProcess, client_config, open_connection, server_binary

TARGET = "DynamoItems_20261201."


class Database:
    """A boto3 client and a signed caller of the snapshot API for one access key."""

    def __init__(self, endpoint, key=None):
        self.endpoint = endpoint
        self.key = key or "AKID" + uuid.uuid4().hex[:12].upper()
        self.ddb = boto3.session.Session(aws_access_key_id=self.key, aws_secret_access_key="secret",
                                         region_name=REGION).client(
            "dynamodb", endpoint_url=endpoint, config=client_config())

    def call(self, operation, body=None, prefix=TARGET):
        data = json.dumps(body or {}).encode()
        request = botocore.awsrequest.AWSRequest(method="POST", url=self.endpoint + "/", data=data, headers={
            "Content-Type": "application/x-amz-json-1.0", "X-Amz-Target": prefix + operation})
        botocore.auth.SigV4Auth(botocore.credentials.ReadOnlyCredentials(self.key, "secret", None),
                                "dynamodb", REGION).add_auth(request)
        connection = open_connection(self.endpoint)
        try:
            connection.request("POST", "/", body=data, headers=dict(request.headers.items()))
            response = connection.getresponse()
            return response.status, json.loads(response.read() or b"{}")
        finally:
            connection.close()

    def ok(self, operation, body=None):
        status, answer = self.call(operation, body)
        if status != 200:
            raise AssertionError("%s failed (%d): %s" % (operation, status, answer))
        return answer

    def table(self, name, items=(), index=True):
        params = dict(TableName=name, BillingMode="PAY_PER_REQUEST",
                      AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"},
                                            {"AttributeName": "g", "AttributeType": "S"}],
                      KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}])
        if index:
            params["GlobalSecondaryIndexes"] = [{"IndexName": "by_g", "Projection": {"ProjectionType": "ALL"},
                                                 "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}]}]
        else:
            params["AttributeDefinitions"] = params["AttributeDefinitions"][:1]
        self.ddb.create_table(**params)
        for pk in items:
            self.ddb.put_item(TableName=name, Item={"pk": {"S": pk}, "g": {"S": "x"}})

    def keys(self, name):
        return sorted(i["pk"]["S"] for i in self.ddb.scan(TableName=name)["Items"])

    def indexed(self, name):
        items = self.ddb.query(TableName=name, IndexName="by_g", KeyConditionExpression="g = :g",
                               ExpressionAttributeValues={":g": {"S": "x"}})["Items"]
        return sorted(i["pk"]["S"] for i in items)


class SnapshotTest(DynamoTestCase):

    def test_restore_puts_the_whole_database_back(self):
        db = Database(self.endpoint)
        db.table("users", ["a", "b"])
        db.table("orders", ["o1"], index=False)
        db.ddb.update_time_to_live(TableName="users",
                                   TimeToLiveSpecification={"Enabled": True, "AttributeName": "expires"})
        saved = db.ok("CreateSnapshot", {"SnapshotName": "seeded"})["SnapshotDescription"]
        self.assertEqual(saved["SnapshotName"], "seeded")
        self.assertEqual(sorted(saved["TableNames"]), ["orders", "users"])
        self.assertEqual(saved["ItemCount"], 3)
        self.assertTrue(saved["Whole"])

        db.ddb.put_item(TableName="users", Item={"pk": {"S": "c"}, "g": {"S": "x"}})
        db.ddb.delete_item(TableName="users", Key={"pk": {"S": "a"}})
        db.ddb.delete_table(TableName="orders")
        db.table("scratch", ["s"])

        db.ok("RestoreSnapshot", {"SnapshotName": "seeded"})
        self.assertEqual(sorted(db.ddb.list_tables()["TableNames"]), ["orders", "users"])
        self.assertEqual(db.keys("users"), ["a", "b"])
        self.assertEqual(db.indexed("users"), ["a", "b"])
        self.assertEqual(db.keys("orders"), ["o1"])
        ttl = db.ddb.describe_time_to_live(TableName="users")["TimeToLiveDescription"]
        self.assertEqual(ttl["AttributeName"], "expires")
        # Restorable again and again: the snapshot is not used up.
        db.ddb.put_item(TableName="users", Item={"pk": {"S": "z"}, "g": {"S": "x"}})
        db.ok("RestoreSnapshot", {"SnapshotName": "seeded"})
        self.assertEqual(db.keys("users"), ["a", "b"])
        # The restored table is an ordinary table.
        db.ddb.put_item(TableName="users", Item={"pk": {"S": "n"}, "g": {"S": "x"}})
        self.assertEqual(db.indexed("users"), ["a", "b", "n"])

    def test_snapshot_of_some_tables(self):
        db = Database(self.endpoint)
        db.table("keep", ["k1"])
        db.table("other", ["x1"])
        db.ok("CreateSnapshot", {"SnapshotName": "only-keep", "TableNames": ["keep"]})
        db.ddb.put_item(TableName="keep", Item={"pk": {"S": "k2"}, "g": {"S": "x"}})
        db.ddb.put_item(TableName="other", Item={"pk": {"S": "x2"}, "g": {"S": "x"}})
        described = db.ok("RestoreSnapshot", {"SnapshotName": "only-keep"})["SnapshotDescription"]
        self.assertFalse(described["Whole"])
        self.assertEqual(db.keys("keep"), ["k1"])
        self.assertEqual(db.keys("other"), ["x1", "x2"])

    def test_streams_start_anew(self):
        db = Database(self.endpoint)
        db.ddb.create_table(TableName="events", BillingMode="PAY_PER_REQUEST",
                            AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
                            KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
                            StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_IMAGE"})
        before = db.ddb.describe_table(TableName="events")["Table"]["LatestStreamArn"]
        db.ok("CreateSnapshot", {"SnapshotName": "streamed"})
        db.ok("RestoreSnapshot", {"SnapshotName": "streamed"})
        table = db.ddb.describe_table(TableName="events")["Table"]
        self.assertEqual(table["StreamSpecification"], {"StreamEnabled": True, "StreamViewType": "NEW_IMAGE"})
        self.assertIn("LatestStreamArn", table)
        self.assertIsNotNone(before)

    def test_list_replace_delete_and_errors(self):
        db = Database(self.endpoint)
        db.table("t01", ["a"])
        db.ok("CreateSnapshot", {"SnapshotName": "b-snap"})
        db.ok("CreateSnapshot", {"SnapshotName": "a-snap"})
        db.ddb.put_item(TableName="t01", Item={"pk": {"S": "b"}, "g": {"S": "x"}})
        # Saving under a taken name replaces that snapshot.
        self.assertEqual(db.ok("CreateSnapshot", {"SnapshotName": "a-snap"})["SnapshotDescription"]["ItemCount"], 2)
        listed = db.ok("ListSnapshots")["Snapshots"]
        self.assertEqual([s["SnapshotName"] for s in listed], ["a-snap", "b-snap"])
        self.assertEqual(db.ok("DeleteSnapshot", {"SnapshotName": "b-snap"})["SnapshotDescription"]["SnapshotName"],
                         "b-snap")
        self.assertEqual([s["SnapshotName"] for s in db.ok("ListSnapshots")["Snapshots"]], ["a-snap"])
        status, error = db.call("RestoreSnapshot", {"SnapshotName": "b-snap"})
        self.assertEqual((status, error["__type"], error["message"]),
                         (400, "com.amazonaws.dynamodb.v20120810#SnapshotNotFoundException",
                          "Snapshot not found: b-snap"))
        status, error = db.call("DeleteSnapshot", {"SnapshotName": "b-snap"})
        self.assertEqual(error["__type"].split("#")[1], "SnapshotNotFoundException")
        status, error = db.call("CreateSnapshot", {"SnapshotName": "bad name"})
        self.assertEqual((status, error["__type"].split("#")[1]), (400, "ValidationException"))
        status, error = db.call("CreateSnapshot", {})
        self.assertEqual((status, error["__type"].split("#")[1]), (400, "ValidationException"))
        status, error = db.call("CreateSnapshot", {"SnapshotName": "x1", "TableNames": ["missing"]})
        self.assertEqual((status, error["__type"].split("#")[1]), (400, "ResourceNotFoundException"))
        # Outside DynamoDB's namespace: DynamoDB's target does not know them.
        status, error = db.call("CreateSnapshot", {"SnapshotName": "x1"}, prefix="DynamoDB_20120810.")
        self.assertEqual((status, error["__type"].split("#")[1]), (400, "UnknownOperationException"))

    def test_delete_table_keeps_an_automatic_snapshot(self):
        db = Database(self.endpoint)
        db.table("precious", ["a", "b"])
        db.ddb.delete_table(TableName="precious")
        listed = db.ok("ListSnapshots")["Snapshots"]
        self.assertEqual([(s["SnapshotName"], s["Automatic"], s["ItemCount"]) for s in listed],
                         [("deleted.precious", True, 2)])
        db.ok("RestoreSnapshot", {"SnapshotName": "deleted.precious"})
        self.assertEqual(db.keys("precious"), ["a", "b"])
        self.assertEqual(db.indexed("precious"), ["a", "b"])
        # Deleting it again replaces the snapshot; only the newest few are kept.
        db.ddb.put_item(TableName="precious", Item={"pk": {"S": "c"}, "g": {"S": "x"}})
        db.ddb.delete_table(TableName="precious")
        self.assertEqual(db.ok("ListSnapshots")["Snapshots"][0]["ItemCount"], 3)
        for i in range(12):
            db.table("tmp%02d" % i, ["x"], index=False)
            db.ddb.delete_table(TableName="tmp%02d" % i)
        names = [s["SnapshotName"] for s in db.ok("ListSnapshots")["Snapshots"]]
        self.assertEqual(len(names), 10)
        self.assertNotIn("deleted.precious", names)
        self.assertIn("deleted.tmp11", names)

    def test_databases_keep_their_own_snapshots(self):
        mine, theirs = Database(self.endpoint), Database(self.endpoint)
        mine.table("t01", ["a"])
        mine.ok("CreateSnapshot", {"SnapshotName": "fixture"})
        self.assertEqual(theirs.ok("ListSnapshots")["Snapshots"], [])

    def test_command_line(self):
        db = Database(self.endpoint)
        db.table("cli", ["a"])
        env = dict(os.environ, AWS_ACCESS_KEY_ID=db.key, AWS_SECRET_ACCESS_KEY="secret", AWS_REGION=REGION)

        def snapshot(*args, check=True):
            proc = subprocess.run([server_binary(), "snapshot", *args, "--endpoint-url", self.endpoint],
                                  env=env, capture_output=True, text=True, timeout=60)
            if check:
                self.assertEqual(proc.returncode, 0, proc.stderr)
            return proc

        out = json.loads(snapshot("create", "from-cli", "--tables", "cli").stdout)
        self.assertEqual(out["SnapshotDescription"]["TableNames"], ["cli"])
        db.ddb.put_item(TableName="cli", Item={"pk": {"S": "b"}, "g": {"S": "x"}})
        snapshot("restore", "from-cli")
        self.assertEqual(db.keys("cli"), ["a"])
        listed = json.loads(snapshot("list").stdout)
        self.assertEqual([s["SnapshotName"] for s in listed["Snapshots"]], ["from-cli"])
        snapshot("delete", "from-cli")
        missing = snapshot("restore", "from-cli", check=False)
        self.assertEqual(missing.returncode, 1)
        self.assertIn("SnapshotNotFoundException", missing.stderr)
        unreachable = subprocess.run([server_binary(), "snapshot", "list", "--endpoint-url", "http://127.0.0.1:1"],
                                     env=env, capture_output=True, text=True, timeout=60)
        self.assertEqual(unreachable.returncode, 2)


class LoadSnapshotTest(unittest.TestCase):

    def run_with(self, directory, *args):
        server = ServerProcess(["serve", "--port", "0", "--db-path", directory, *args])
        return server, server.start()

    def test_load_snapshot_at_start_up(self):
        for shared in (True, False):
            directory = tempfile.mkdtemp(prefix="dynamo-items-snap-")
            try:
                flags = ["--shared-db"] if shared else []
                server, endpoint = self.run_with(directory, *flags)
                db = Database(endpoint, key="AKIDFIXTURE")
                db.table("seeded", ["a", "b"])
                db.ok("CreateSnapshot", {"SnapshotName": "ci"})
                db.ddb.put_item(TableName="seeded", Item={"pk": {"S": "dirty"}, "g": {"S": "x"}})
                db.table("leftover")
                self.assertEqual(server.stop(), 0)

                server, endpoint = self.run_with(directory, *flags, "--load-snapshot", "ci")
                db = Database(endpoint, key="AKIDFIXTURE")
                self.assertEqual(db.ddb.list_tables()["TableNames"], ["seeded"])
                self.assertEqual(db.keys("seeded"), ["a", "b"])
                self.assertEqual(server.stop(), 0)
            finally:
                shutil.rmtree(directory, ignore_errors=True)

    def test_missing_snapshot_fails_start_up_of_a_shared_database(self):
        directory = tempfile.mkdtemp(prefix="dynamo-items-snap-")
        try:
            proc = subprocess.run([server_binary(), "serve", "--port", "0", "--shared-db", "--db-path", directory,
                                   "--load-snapshot", "nothing"], capture_output=True, text=True, timeout=60)
            self.assertEqual(proc.returncode, 1)
            self.assertIn("cannot load snapshot nothing", proc.stderr)
        finally:
            shutil.rmtree(directory, ignore_errors=True)


if __name__ == "__main__":
    unittest.main()
