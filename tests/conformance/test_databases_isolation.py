"""Named databases cloned from a snapshot, for tests that run at once
(dynamo-items' own API, target prefix DynamoItems_20261201): CreateDatabase
copies a snapshot of the caller's database into a database of its own,
a request with `X-Dynamo-Items-Database: NAME` runs there, DeleteDatabase
drops it, ListDatabases lists the caller's. Two tests writing at once in
two clones never see each other's writes, and the caller's own database
(the one without the header) never sees theirs.

The header is added the way applications add it: boto3 through botocore's
`before-sign` event, the AWS CLI through a plugin (aws_cli_database_plugin.py).
Each test signs with a fresh access key, so it has a database (and named
databases) of its own on the class's server."""

import json
import os
import shutil
import subprocess
import tempfile
import threading
import time
import unittest
import uuid

import boto3
import botocore.auth
import botocore.awsrequest
import botocore.credentials
from botocore.exceptions import ClientError

from harness import REGION, DynamoTestCase, client_config, is_external, open_connection

TARGET = "DynamoItems_20261201."
HEADER = "X-Dynamo-Items-Database"
HERE = os.path.dirname(os.path.abspath(__file__))


def s(v):
    return {"S": v}


def n(v):
    return {"N": str(v)}


class Caller:
    """One access key on the server: boto3 clients for its own database or a
    named one, and signed raw calls of the DynamoItems API."""

    def __init__(self, endpoint):
        self.endpoint = endpoint
        self.key = "AKID" + uuid.uuid4().hex[:12].upper()

    def client(self, database=None):
        ddb = boto3.session.Session(aws_access_key_id=self.key, aws_secret_access_key="secret",
                                    region_name=REGION).client("dynamodb", endpoint_url=self.endpoint,
                                                               config=client_config())
        if database is not None:
            def add_header(request, **_kwargs):
                request.headers[HEADER] = database
            ddb.meta.events.register("before-sign.dynamodb.*", add_header)
        return ddb

    def call(self, operation, body=None, database=None, prefix=TARGET):
        """(HTTP status, parsed body) of one signed request."""
        data = json.dumps({} if body is None else body).encode()
        headers = {"Content-Type": "application/x-amz-json-1.0", "X-Amz-Target": prefix + operation}
        if database is not None:
            headers[HEADER] = database
        request = botocore.awsrequest.AWSRequest(method="POST", url=self.endpoint + "/", data=data, headers=headers)
        botocore.auth.SigV4Auth(botocore.credentials.ReadOnlyCredentials(self.key, "secret", None),
                                "dynamodb", REGION).add_auth(request)
        connection = open_connection(self.endpoint)
        try:
            connection.request("POST", "/", body=data, headers=dict(request.headers.items()))
            response = connection.getresponse()
            return response.status, json.loads(response.read() or b"{}")
        finally:
            connection.close()

    def ok(self, operation, body=None, database=None):
        status, answer = self.call(operation, body, database)
        if status != 200:
            raise AssertionError("%s failed (%d): %s" % (operation, status, answer))
        return answer

    def seed(self, items=20):
        """A catalog table with a GSI and `items` items, saved as snapshot "seeded"."""
        ddb = self.client()
        ddb.create_table(TableName="catalog", BillingMode="PAY_PER_REQUEST",
                         AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"},
                                               {"AttributeName": "shelf", "AttributeType": "S"}],
                         KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
                         GlobalSecondaryIndexes=[{"IndexName": "by_shelf", "Projection": {"ProjectionType": "ALL"},
                                                  "KeySchema": [{"AttributeName": "shelf", "KeyType": "HASH"}]}])
        for i in range(items):
            ddb.put_item(TableName="catalog", Item={"id": s("item-%03d" % i), "shelf": s("s%d" % (i % 2)),
                                                    "stock": n(10)})
        return self.ok("CreateSnapshot", {"SnapshotName": "seeded"})["SnapshotDescription"]


def ids(ddb, table="catalog"):
    items, start = [], None
    while True:
        kw = {"TableName": table, "ConsistentRead": True}
        if start:
            kw["ExclusiveStartKey"] = start
        page = ddb.scan(**kw)
        items += page["Items"]
        start = page.get("LastEvaluatedKey")
        if not start:
            return sorted(i["id"]["S"] for i in items)


def shelf(ddb, name):
    items = ddb.query(TableName="catalog", IndexName="by_shelf", KeyConditionExpression="shelf = :s",
                      ExpressionAttributeValues={":s": s(name)})["Items"]
    return sorted(i["id"]["S"] for i in items)


SEED_IDS = ["item-%03d" % i for i in range(20)]


@unittest.skipIf(is_external(), "dynamo-items' own API")
class DatabasesIsolationTest(DynamoTestCase):

    def error(self, answer):
        return answer["__type"], answer.get("message")

    def test_create_database_clones_the_snapshot(self):
        me = Caller(self.endpoint)
        me.seed()
        before = time.time()
        created = me.ok("CreateDatabase", {"DatabaseName": "t1", "FromSnapshot": "seeded"})["DatabaseDescription"]
        self.assertEqual({k: v for k, v in created.items() if k != "CreationDateTime"},
                         {"DatabaseName": "t1", "FromSnapshot": "seeded", "TableNames": ["catalog"], "ItemCount": 20})
        self.assertLess(abs(created["CreationDateTime"] - before), 60)
        t1 = me.client("t1")
        self.assertEqual(t1.list_tables()["TableNames"], ["catalog"])
        self.assertEqual(ids(t1), SEED_IDS)
        self.assertEqual(shelf(t1, "s1"), SEED_IDS[1::2])  # index entries came along
        table = t1.describe_table(TableName="catalog")["Table"]
        self.assertEqual(table["ItemCount"], 20)
        self.assertEqual([i["IndexName"] for i in table["GlobalSecondaryIndexes"]], ["by_shelf"])
        # The clone is an ordinary database: writes keep its index, it takes new tables.
        t1.put_item(TableName="catalog", Item={"id": s("new"), "shelf": s("s1")})
        self.assertIn("new", shelf(t1, "s1"))
        t1.create_table(TableName="scratch", BillingMode="PAY_PER_REQUEST",
                        AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
                        KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}])
        self.assertEqual(t1.list_tables()["TableNames"], ["catalog", "scratch"])
        self.assertEqual(me.client().list_tables()["TableNames"], ["catalog"])
        # Without FromSnapshot a database starts empty.
        empty = me.ok("CreateDatabase", {"DatabaseName": "empty"})["DatabaseDescription"]
        self.assertEqual((empty["TableNames"], empty["ItemCount"]), ([], 0))
        self.assertNotIn("FromSnapshot", empty)
        self.assertEqual(me.client("empty").list_tables()["TableNames"], [])

    def test_concurrent_tests_never_see_each_others_writes(self):
        me = Caller(self.endpoint)
        me.seed()
        for name in ("t1", "t2"):
            me.ok("CreateDatabase", {"DatabaseName": name, "FromSnapshot": "seeded"})
        barrier = threading.Barrier(2)
        failures = []

        def a_test(name, other):
            try:
                ddb = me.client(name)
                barrier.wait(timeout=30)
                for i in range(40):
                    ddb.put_item(TableName="catalog", Item={"id": s("%s-%02d" % (name, i)), "shelf": s(name)})
                    ddb.update_item(TableName="catalog", Key={"id": s("item-%03d" % (i % 20))},
                                    UpdateExpression="ADD stock :d", ExpressionAttributeValues={":d": n(-1)})
                    seen = ids(ddb) if i % 10 == 9 else []
                    if any(k.startswith(other) for k in seen):
                        failures.append("%s saw %s's writes" % (name, other))
                ddb.delete_item(TableName="catalog", Key={"id": s("item-000")})
            except Exception as err:  # reported below, with the thread's name
                failures.append("%s: %r" % (name, err))

        threads = [threading.Thread(target=a_test, args=pair) for pair in (("t1", "t2"), ("t2", "t1"))]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=120)
        self.assertEqual(failures, [])
        for name in ("t1", "t2"):
            ddb = me.client(name)
            mine = ["%s-%02d" % (name, i) for i in range(40)]
            self.assertEqual(ids(ddb), sorted(SEED_IDS[1:] + mine))
            self.assertEqual(shelf(ddb, name), mine)
            self.assertEqual(shelf(ddb, "t2" if name == "t1" else "t1"), [])
            # Each clone took exactly its own 40 decrements: two per seeded item.
            stock = ddb.get_item(TableName="catalog", Key={"id": s("item-005")}, ConsistentRead=True)["Item"]
            self.assertEqual(stock["stock"], n(8))
        # The caller's own database, and the snapshot, are untouched.
        own = me.client()
        self.assertEqual(ids(own), SEED_IDS)
        self.assertEqual(own.get_item(TableName="catalog", Key={"id": s("item-005")})["Item"]["stock"], n(10))
        me.ok("CreateDatabase", {"DatabaseName": "t3", "FromSnapshot": "seeded"})
        self.assertEqual(ids(me.client("t3")), SEED_IDS)

    def test_writes_in_the_own_database_do_not_reach_clones(self):
        me = Caller(self.endpoint)
        me.seed()
        me.ok("CreateDatabase", {"DatabaseName": "t1", "FromSnapshot": "seeded"})
        own = me.client()
        own.put_item(TableName="catalog", Item={"id": s("later"), "shelf": s("s0")})
        own.delete_table(TableName="catalog")
        self.assertEqual(ids(me.client("t1")), SEED_IDS)

    def test_delete_database(self):
        me = Caller(self.endpoint)
        me.seed()
        me.ok("CreateDatabase", {"DatabaseName": "t1", "FromSnapshot": "seeded"})
        t1 = me.client("t1")
        t1.put_item(TableName="catalog", Item={"id": s("dirty"), "shelf": s("s0")})
        deleted = me.ok("DeleteDatabase", {"DatabaseName": "t1"})["DatabaseDescription"]
        self.assertEqual((deleted["DatabaseName"], deleted["FromSnapshot"]), ("t1", "seeded"))
        with self.assertRaises(ClientError) as cm:
            t1.get_item(TableName="catalog", Key={"id": s("item-001")})
        self.assertEqual(cm.exception.response["Error"], {"Code": "DatabaseNotFoundException",
                                                          "Message": "Database not found: t1"})
        self.assertEqual(cm.exception.response["ResponseMetadata"]["HTTPStatusCode"], 400)
        status, answer = me.call("Scan", {"TableName": "catalog"}, database="t1", prefix="DynamoDB_20120810.")
        self.assertEqual((status, self.error(answer)),
                         (400, ("com.amazonaws.dynamodb.v20120810#DatabaseNotFoundException",
                                "Database not found: t1")))
        status, answer = me.call("DeleteDatabase", {"DatabaseName": "t1"})
        self.assertEqual((status, self.error(answer)),
                         (400, ("com.amazonaws.dynamodb.v20120810#DatabaseNotFoundException",
                                "Database not found: t1")))
        status, answer = me.call("Scan", {"TableName": "catalog"}, database="t1/../x",
                                 prefix="DynamoDB_20120810.")
        self.assertEqual((status, self.error(answer)),
                         (400, ("com.amazon.coral.validate#ValidationException",
                                "1 validation error detected: Value 't1/../x' at 'X-Dynamo-Items-Database' failed "
                                "to satisfy constraint: Member must satisfy regular expression pattern: "
                                "[a-zA-Z0-9_.-]+")))
        # The caller's own database is still there; the name is free again,
        # and a new clone starts from the snapshot, not from the old clone.
        self.assertEqual(ids(me.client()), SEED_IDS)
        me.ok("CreateDatabase", {"DatabaseName": "t1", "FromSnapshot": "seeded"})
        self.assertEqual(ids(t1), SEED_IDS)

    def test_list_databases(self):
        me, other = Caller(self.endpoint), Caller(self.endpoint)
        me.seed()
        self.assertEqual(me.ok("ListDatabases"), {"Databases": []})
        for name in ("b-db", "a-db"):
            me.ok("CreateDatabase", {"DatabaseName": name, "FromSnapshot": "seeded"})
        me.ok("CreateDatabase", {"DatabaseName": "c-empty"})
        listed = me.ok("ListDatabases")["Databases"]
        self.assertEqual([(d["DatabaseName"], d.get("FromSnapshot"), d["TableNames"], d["ItemCount"]) for d in listed],
                         [("a-db", "seeded", ["catalog"], 20), ("b-db", "seeded", ["catalog"], 20),
                          ("c-empty", None, [], 0)])
        # From inside a named database the list is the same: names belong to the caller.
        self.assertEqual(me.ok("ListDatabases", database="a-db")["Databases"], listed)
        me.ok("DeleteDatabase", {"DatabaseName": "b-db"})
        self.assertEqual([d["DatabaseName"] for d in me.ok("ListDatabases")["Databases"]], ["a-db", "c-empty"])
        # Another access key has databases of its own, and cannot reach mine.
        self.assertEqual(other.ok("ListDatabases"), {"Databases": []})
        status, answer = other.call("ListTables", {}, database="a-db", prefix="DynamoDB_20120810.")
        self.assertEqual((status, self.error(answer)),
                         (400, ("com.amazonaws.dynamodb.v20120810#DatabaseNotFoundException",
                                "Database not found: a-db")))
        other.ok("CreateDatabase", {"DatabaseName": "a-db"})  # the same name is free for another key
        self.assertEqual(other.client("a-db").list_tables()["TableNames"], [])
        self.assertEqual(me.client("a-db").list_tables()["TableNames"], ["catalog"])

    def test_snapshots_inside_a_clone(self):
        me = Caller(self.endpoint)
        me.seed()
        me.ok("CreateDatabase", {"DatabaseName": "t1", "FromSnapshot": "seeded"})
        t1 = me.client("t1")
        # A clone starts without the snapshot entries; its own stay its own.
        self.assertEqual(me.ok("ListSnapshots", database="t1")["Snapshots"], [])
        t1.put_item(TableName="catalog", Item={"id": s("in-t1"), "shelf": s("s0")})
        me.ok("CreateSnapshot", {"SnapshotName": "t1-state"}, database="t1")
        self.assertEqual([x["SnapshotName"] for x in me.ok("ListSnapshots")["Snapshots"]], ["seeded"])
        t1.delete_item(TableName="catalog", Key={"id": s("item-001")})
        me.ok("RestoreSnapshot", {"SnapshotName": "t1-state"}, database="t1")
        self.assertEqual(ids(t1), sorted(SEED_IDS + ["in-t1"]))
        # CreateDatabase sent to a named database clones that database's snapshot.
        me.ok("CreateDatabase", {"DatabaseName": "t2", "FromSnapshot": "t1-state"}, database="t1")
        self.assertEqual(ids(me.client("t2")), sorted(SEED_IDS + ["in-t1"]))
        status, answer = me.call("CreateDatabase", {"DatabaseName": "t3", "FromSnapshot": "t1-state"})
        self.assertEqual((status, self.error(answer)),
                         (400, ("com.amazonaws.dynamodb.v20120810#SnapshotNotFoundException",
                                "Snapshot not found: t1-state")))

    def test_errors(self):
        me = Caller(self.endpoint)
        me.seed()
        me.ok("CreateDatabase", {"DatabaseName": "taken", "FromSnapshot": "seeded"})
        validate = "com.amazon.coral.validate#ValidationException"
        cases = [
            ("CreateDatabase", {}, validate,
             "1 validation error detected: Value null at 'databaseName' failed to satisfy constraint: "
             "Member must not be null"),
            ("CreateDatabase", {"DatabaseName": None}, validate,
             "1 validation error detected: Value null at 'databaseName' failed to satisfy constraint: "
             "Member must not be null"),
            ("CreateDatabase", {"DatabaseName": ""}, validate,
             "1 validation error detected: Value '' at 'databaseName' failed to satisfy constraint: "
             "Member must have length greater than or equal to 1"),
            ("CreateDatabase", {"DatabaseName": "bad name"}, validate,
             "1 validation error detected: Value 'bad name' at 'databaseName' failed to satisfy constraint: "
             "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+"),
            ("CreateDatabase", {"DatabaseName": "x" * 256}, validate,
             "1 validation error detected: Value '%s' at 'databaseName' failed to satisfy constraint: "
             "Member must have length less than or equal to 255" % ("x" * 256)),
            ("CreateDatabase", {"DatabaseName": "ok", "FromSnapshot": ""}, validate,
             "1 validation error detected: Value '' at 'fromSnapshot' failed to satisfy constraint: "
             "Member must have length greater than or equal to 1"),
            ("CreateDatabase", {"DatabaseName": "ok", "FromSnapshot": "no/such"}, validate,
             "1 validation error detected: Value 'no/such' at 'fromSnapshot' failed to satisfy constraint: "
             "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+"),
            ("CreateDatabase", {"DatabaseName": 7}, "com.amazon.coral.service#SerializationException", None),
            ("CreateDatabase", {"DatabaseName": "ok", "FromSnapshot": "missing"},
             "com.amazonaws.dynamodb.v20120810#SnapshotNotFoundException", "Snapshot not found: missing"),
            ("CreateDatabase", {"DatabaseName": "taken", "FromSnapshot": "seeded"},
             "com.amazonaws.dynamodb.v20120810#ResourceInUseException", "Database already exists: taken"),
            ("CreateDatabase", {"DatabaseName": "taken"},
             "com.amazonaws.dynamodb.v20120810#ResourceInUseException", "Database already exists: taken"),
            ("DeleteDatabase", {}, validate,
             "1 validation error detected: Value null at 'databaseName' failed to satisfy constraint: "
             "Member must not be null"),
            ("DeleteDatabase", {"DatabaseName": "bad name"}, validate,
             "1 validation error detected: Value 'bad name' at 'databaseName' failed to satisfy constraint: "
             "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+"),
            ("DeleteDatabase", {"DatabaseName": "missing"},
             "com.amazonaws.dynamodb.v20120810#DatabaseNotFoundException", "Database not found: missing"),
        ]
        for operation, body, error_type, message in cases:
            with self.subTest(operation=operation, body=body):
                status, answer = me.call(operation, body)
                self.assertEqual((status, answer["__type"]), (400, error_type), answer)
                if message is not None:
                    self.assertEqual(answer["message"], message)
        # A failed creation leaves nothing behind; the taken one is intact.
        self.assertEqual([d["DatabaseName"] for d in me.ok("ListDatabases")["Databases"]], ["taken"])
        self.assertEqual(ids(me.client("taken")), SEED_IDS)
        # The header naming no database fails every operation, ours and DynamoDB's.
        for prefix, operation in (("DynamoDB_20120810.", "ListTables"), (TARGET, "ListSnapshots"),
                                  (TARGET, "CreateDatabase"), (TARGET, "ListDatabases")):
            with self.subTest(operation=operation):
                status, answer = me.call(operation, {"DatabaseName": "fresh"}, database="nowhere", prefix=prefix)
                self.assertEqual((status, self.error(answer)),
                                 (400, ("com.amazonaws.dynamodb.v20120810#DatabaseNotFoundException",
                                        "Database not found: nowhere")))
        self.assertEqual([d["DatabaseName"] for d in me.ok("ListDatabases")["Databases"]], ["taken"])
        # Outside DynamoDB's namespace: DynamoDB's target does not know them.
        for operation in ("CreateDatabase", "DeleteDatabase", "ListDatabases"):
            status, answer = me.call(operation, {"DatabaseName": "x1"}, prefix="DynamoDB_20120810.")
            self.assertEqual((status, answer["__type"]), (400, "com.amazon.coral.service#UnknownOperationException"))

    def test_aws_cli_in_a_named_database(self):
        aws = shutil.which("aws")
        self.assertIsNotNone(aws, "the aws CLI is not installed (./dev deps installs it)")
        me = Caller(self.endpoint)
        me.seed()
        me.ok("CreateDatabase", {"DatabaseName": "cli-db", "FromSnapshot": "seeded"})
        config = tempfile.NamedTemporaryFile("w", suffix=".ini", delete=False)
        self.addCleanup(os.unlink, config.name)
        config.write("[plugins]\ndynamo_items_database = aws_cli_database_plugin\n")
        config.close()
        env = dict(os.environ, AWS_ACCESS_KEY_ID=me.key, AWS_SECRET_ACCESS_KEY="secret", AWS_DEFAULT_REGION=REGION,
                   AWS_PAGER="", AWS_CONFIG_FILE=config.name, AWS_SHARED_CREDENTIALS_FILE=os.devnull,
                   PYTHONPATH=os.pathsep.join(filter(None, [HERE, os.environ.get("PYTHONPATH")])))

        def cli(database, *args, check=True):
            run_env = dict(env)
            if database is not None:
                run_env["DYNAMO_ITEMS_DATABASE"] = database
            proc = subprocess.run([aws, "dynamodb", *args, "--endpoint-url", self.endpoint, "--output", "json"],
                                  env=run_env, capture_output=True, text=True, timeout=120)
            if check:
                self.assertEqual(proc.returncode, 0, proc.stderr)
            return proc, json.loads(proc.stdout) if proc.stdout.strip() else None

        cli("cli-db", "put-item", "--table-name", "catalog", "--item", '{"id":{"S":"from-cli"},"shelf":{"S":"s0"}}')
        cli("cli-db", "execute-statement", "--statement", "DELETE FROM \"catalog\" WHERE id = 'item-003'")
        _, scanned = cli("cli-db", "scan", "--table-name", "catalog", "--select", "COUNT")
        self.assertEqual(scanned["Count"], 20)
        _, got = cli("cli-db", "get-item", "--table-name", "catalog", "--key", '{"id":{"S":"from-cli"}}')
        self.assertEqual(got["Item"]["id"], s("from-cli"))
        self.assertEqual(ids(me.client("cli-db")), sorted([i for i in SEED_IDS if i != "item-003"] + ["from-cli"]))
        # Without the header the CLI reaches the caller's own database, untouched.
        _, own = cli(None, "get-item", "--table-name", "catalog", "--key", '{"id":{"S":"from-cli"}}')
        self.assertNotIn("Item", own or {})
        self.assertEqual(ids(me.client()), SEED_IDS)
        me.ok("DeleteDatabase", {"DatabaseName": "cli-db"})
        proc, _ = cli("cli-db", "scan", "--table-name", "catalog", check=False)
        self.assertEqual(proc.returncode, 255)
        self.assertIn("An error occurred (DatabaseNotFoundException) when calling the Scan operation: "
                      "Database not found: cli-db", proc.stderr)


if __name__ == "__main__":
    unittest.main()
