"""One database per access key and region, as DynamoDB Local keeps them
unless -sharedDb: tables of one key (or region) are invisible to another;
--shared-db puts everyone in one database. On disk each database is its own
directory below --db-path, and survives a restart."""

import os
import shutil
import tempfile
import unittest

import boto3

from harness import ServerProcess, is_external


def client(endpoint, key, region="us-east-1"):
    return boto3.client("dynamodb", endpoint_url=endpoint, region_name=region,
                        aws_access_key_id=key, aws_secret_access_key="secret")


def create(ddb, name):
    ddb.create_table(TableName=name, KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
                     AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
                     BillingMode="PAY_PER_REQUEST")


@unittest.skipIf(is_external(), "starts its own servers")
class DatabasesTest(unittest.TestCase):

    def serve(self, *args):
        server = ServerProcess(["serve", "--port", "0"] + list(args))
        endpoint = server.start()
        self.addCleanup(lambda: self.assertEqual(server.stop(), 0))
        return server, endpoint

    def test_keys_and_regions_have_their_own_tables(self):
        _, endpoint = self.serve()
        alice, bob = client(endpoint, "AKIDALICE"), client(endpoint, "AKIDBOB")
        alice_eu = client(endpoint, "AKIDALICE", "eu-west-1")
        create(alice, "orders")
        create(bob, "orders")  # the same name is free in another database
        alice.put_item(TableName="orders", Item={"pk": {"S": "alice's"}})
        self.assertEqual(alice.list_tables()["TableNames"], ["orders"])
        self.assertEqual(bob.scan(TableName="orders")["Items"], [])
        self.assertEqual(alice_eu.list_tables()["TableNames"], [])
        with self.assertRaises(alice_eu.exceptions.ResourceNotFoundException):
            alice_eu.describe_table(TableName="orders")

    def test_shared_db_puts_everyone_in_one_database(self):
        _, endpoint = self.serve("--shared-db")
        create(client(endpoint, "AKIDALICE"), "together")
        self.assertEqual(client(endpoint, "AKIDBOB", "eu-west-1").list_tables()["TableNames"], ["together"])

    def test_databases_on_disk_are_directories_and_survive_a_restart(self):
        root = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, root, True)
        server = ServerProcess(["serve", "--port", "0", "--db-path", root])
        endpoint = server.start()
        create(client(endpoint, "AKIDALICE"), "kept")
        client(endpoint, "AKIDALICE").put_item(TableName="kept", Item={"pk": {"S": "x"}})
        self.assertEqual(server.stop(), 0)
        self.assertTrue(os.path.isdir(os.path.join(root, "AKIDALICE_us-east-1")), os.listdir(root))
        _, endpoint = self.serve("--db-path", root)
        self.assertEqual(client(endpoint, "AKIDALICE").scan(TableName="kept")["Count"], 1)
        self.assertEqual(client(endpoint, "AKIDBOB").list_tables()["TableNames"], [])

    def test_a_database_written_as_one_shared_database_is_kept_shared(self):
        root = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, root, True)
        server = ServerProcess(["serve", "--port", "0", "--db-path", root, "--shared-db"])
        endpoint = server.start()
        create(client(endpoint, "AKIDALICE"), "old")
        self.assertEqual(server.stop(), 0)
        # Started without --shared-db, its tables are still everyone's.
        server, endpoint = self.serve("--db-path", root)
        self.assertEqual(client(endpoint, "AKIDBOB").list_tables()["TableNames"], ["old"])
        self.assertIn("shared", server.stderr_text())


if __name__ == "__main__":
    unittest.main()
