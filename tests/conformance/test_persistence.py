"""Tables and items survive a clean shutdown and restart with --db-path."""

import shutil
import signal
import tempfile
import unittest

from botocore.exceptions import ClientError

from harness import ServerProcess, is_external, make_client, unique_name, sort_sets

ITEM = {
    "pk": {"S": "item-1"}, "sk": {"N": "-1.5"},
    "s": {"S": "h\u00e9llo"}, "n": {"N": "12345678901234567890123456789012345678"}, "b": {"B": b"\x00\xff"},
    "t": {"BOOL": False}, "z": {"NULL": True}, "ss": {"SS": ["x", "y"]}, "ns": {"NS": ["1", "2.5"]},
    "bs": {"BS": [b"\x01", b"\x02"]},
    "m": {"M": {"l": {"L": [{"S": "a"}, {"M": {"deep": {"N": "0." + "0" * 129 + "1"}}}]}}},
}


@unittest.skipIf(is_external(), "restarts the server, which needs a local dynamo-items")
class PersistenceTest(unittest.TestCase):

    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="dynamo-items-persist-")
        self.server = None

    def tearDown(self):
        if self.server is not None:
            self.server.kill()
        shutil.rmtree(self.dir, ignore_errors=True)

    def start(self, args=None):
        self.server = ServerProcess(args=args, db_path=None if args else self.dir)
        endpoint = self.server.start()
        return make_client(endpoint)

    def stop(self, sig=signal.SIGTERM):
        code = self.server.stop(sig)
        self.server = None
        return code

    def create(self, ddb, name, range_key=True):
        defs = [{"AttributeName": "pk", "AttributeType": "S"}]
        schema = [{"AttributeName": "pk", "KeyType": "HASH"}]
        if range_key:
            defs.append({"AttributeName": "sk", "AttributeType": "N"})
            schema.append({"AttributeName": "sk", "KeyType": "RANGE"})
        ddb.create_table(TableName=name, AttributeDefinitions=defs, KeySchema=schema, BillingMode="PAY_PER_REQUEST")

    def get(self, ddb, table, key):
        return ddb.get_item(TableName=table, Key=key, ConsistentRead=True).get("Item")

    def test_tables_and_items_survive_sigterm_restart(self):
        ddb = self.start()
        main, hash_only, dropped = unique_name("main"), unique_name("hash"), unique_name("dropped")
        self.create(ddb, main)
        self.create(ddb, hash_only, range_key=False)
        ddb.create_table(TableName=dropped, AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
                         KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
                         ProvisionedThroughput={"ReadCapacityUnits": 3, "WriteCapacityUnits": 4})
        before = ddb.describe_table(TableName=main)["Table"]
        ddb.put_item(TableName=main, Item=ITEM)
        for start in range(0, 50, 25):
            ddb.batch_write_item(RequestItems={main: [
                {"PutRequest": {"Item": {"pk": {"S": "bulk"}, "sk": {"N": str(i)}, "v": {"N": str(i * i)}}}}
                for i in range(start, start + 25)]})
        ddb.delete_item(TableName=main, Key={"pk": {"S": "bulk"}, "sk": {"N": "7"}})
        ddb.put_item(TableName=hash_only, Item={"pk": {"S": "a"}, "v": {"S": "first"}})
        ddb.put_item(TableName=hash_only, Item={"pk": {"S": "a"}, "v": {"S": "second"}})
        ddb.put_item(TableName=dropped, Item={"pk": {"S": "gone"}})
        ddb.delete_table(TableName=dropped)

        self.assertEqual(self.stop(signal.SIGTERM), 0, "server must exit cleanly on SIGTERM")

        ddb = self.start()
        names = ddb.list_tables()["TableNames"]
        self.assertIn(main, names)
        self.assertIn(hash_only, names)
        self.assertNotIn(dropped, names)
        after = ddb.describe_table(TableName=main)["Table"]
        self.assertEqual(after["TableStatus"], "ACTIVE")
        for field in ("TableName", "KeySchema", "AttributeDefinitions", "TableArn", "TableId",
                      "CreationDateTime", "BillingModeSummary", "ProvisionedThroughput"):
            self.assertEqual(after.get(field), before.get(field), field)
        self.assertEqual(sort_sets(self.get(ddb, main, {"pk": ITEM["pk"], "sk": ITEM["sk"]})), sort_sets(ITEM))
        for i in range(50):
            got = self.get(ddb, main, {"pk": {"S": "bulk"}, "sk": {"N": str(i)}})
            if i == 7:
                self.assertIsNone(got)
            else:
                self.assertEqual(got, {"pk": {"S": "bulk"}, "sk": {"N": str(i)}, "v": {"N": str(i * i)}})
        self.assertEqual(self.get(ddb, hash_only, {"pk": {"S": "a"}}), {"pk": {"S": "a"}, "v": {"S": "second"}})
        with self.assertRaises(ClientError) as cm:
            ddb.describe_table(TableName=dropped)
        self.assertEqual(cm.exception.response["Error"]["Code"], "ResourceNotFoundException")

        # Writes after a restart work and persist through a second restart.
        ddb.put_item(TableName=hash_only, Item={"pk": {"S": "b"}, "v": {"S": "after restart"}})
        ddb.create_table(TableName=dropped, AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "N"}],
                         KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}], BillingMode="PAY_PER_REQUEST")
        self.assertEqual(self.stop(signal.SIGTERM), 0)

        ddb = self.start()
        self.assertEqual(self.get(ddb, hash_only, {"pk": {"S": "b"}}), {"pk": {"S": "b"}, "v": {"S": "after restart"}})
        self.assertIsNone(self.get(ddb, dropped, {"id": {"N": "1"}}))
        self.assertEqual(ddb.describe_table(TableName=dropped)["Table"]["KeySchema"],
                         [{"AttributeName": "id", "KeyType": "HASH"}])

    def test_many_items_survive_restart(self):
        ddb = self.start()
        name = unique_name("many")
        self.create(ddb, name)
        for start in range(0, 2000, 25):
            resp = ddb.batch_write_item(RequestItems={name: [
                {"PutRequest": {"Item": {"pk": {"S": "p%d" % (i % 7)}, "sk": {"N": str(i)}, "v": {"S": "x" * 100}}}}
                for i in range(start, start + 25)]})
            self.assertEqual(resp["UnprocessedItems"], {})
        self.assertEqual(self.stop(), 0)
        ddb = self.start()
        found = 0
        for start in range(0, 2000, 100):
            resp = ddb.batch_get_item(RequestItems={name: {"Keys": [
                {"pk": {"S": "p%d" % (i % 7)}, "sk": {"N": str(i)}} for i in range(start, start + 100)]}})
            self.assertEqual(resp["UnprocessedKeys"], {})
            found += len(resp["Responses"][name])
        self.assertEqual(found, 2000)

    def test_sigint_also_shuts_down_cleanly(self):
        ddb = self.start()
        name = unique_name("sigint")
        self.create(ddb, name, range_key=False)
        ddb.put_item(TableName=name, Item={"pk": {"S": "k"}, "v": {"N": "1"}})
        self.assertEqual(self.stop(signal.SIGINT), 0)
        ddb = self.start()
        self.assertEqual(self.get(ddb, name, {"pk": {"S": "k"}}), {"pk": {"S": "k"}, "v": {"N": "1"}})

    def test_without_db_path_data_is_in_memory(self):
        ddb = self.start(args=["serve", "--port", "0"])
        name = unique_name("mem")
        self.create(ddb, name, range_key=False)
        self.assertEqual(self.stop(), 0)
        ddb = self.start(args=["serve", "--port", "0"])
        self.assertNotIn(name, ddb.list_tables()["TableNames"])

    def test_dynamodb_local_flag_spellings(self):
        ddb = self.start(args=["serve", "-port", "0", "-sharedDb", "-dbPath", self.dir])
        name = unique_name("local")
        self.create(ddb, name, range_key=False)
        ddb.put_item(TableName=name, Item={"pk": {"S": "k"}})
        self.assertEqual(self.stop(), 0)
        ddb = self.start(args=["serve", "--port", "0", "--db-path", self.dir])
        self.assertEqual(self.get(ddb, name, {"pk": {"S": "k"}}), {"pk": {"S": "k"}})

    def test_dynamodb_local_in_memory_flag(self):
        ddb = self.start(args=["serve", "-port", "0", "-inMemory"])
        name = unique_name("inmem")
        self.create(ddb, name, range_key=False)
        self.assertIn(name, ddb.list_tables()["TableNames"])
        self.assertEqual(self.stop(), 0)


if __name__ == "__main__":
    unittest.main()
