"""The AWS CLI flow from the foundation issue, run unchanged against the server."""

import json
import re
import shutil
import subprocess
import unittest

from harness import DynamoTestCase, unique_name


class CliTest(DynamoTestCase):

    def cli_major(self):
        proc = subprocess.run([shutil.which("aws"), "--version"], capture_output=True, text=True)
        match = re.search(r"aws-cli/(\d+)", proc.stdout + proc.stderr)
        return int(match.group(1)) if match else 1

    def create_with_cli(self, name):
        _, out = self.aws("create-table", "--table-name", name,
                          "--attribute-definitions", "AttributeName=pk,AttributeType=S",
                          "AttributeName=sk,AttributeType=N",
                          "--key-schema", "AttributeName=pk,KeyType=HASH", "AttributeName=sk,KeyType=RANGE",
                          "--billing-mode", "PAY_PER_REQUEST")
        self._tables.append(name)
        self.wait_active(name)
        return out

    def test_full_flow(self):
        name = unique_name("cli")
        created = self.create_with_cli(name)
        self.assertEqual(created["TableDescription"]["TableName"], name)
        self.assertEqual(created["TableDescription"]["KeySchema"],
                         [{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}])

        _, described = self.aws("describe-table", "--table-name", name)
        self.assertEqual(described["Table"]["TableStatus"], "ACTIVE")
        self.assertEqual(described["Table"]["BillingModeSummary"]["BillingMode"], "PAY_PER_REQUEST")

        _, listed = self.aws("list-tables")
        self.assertIn(name, listed["TableNames"])

        item = {"pk": {"S": "user#1"}, "sk": {"N": "1"}, "name": {"S": "Ada"}, "tags": {"SS": ["a", "b"]},
                "profile": {"M": {"age": {"N": "36"}, "langs": {"L": [{"S": "en"}, {"S": "fr"}]}}},
                "blob": {"B": "AAEC"}, "active": {"BOOL": True}, "none": {"NULL": True}}
        proc, out = self.aws("put-item", "--table-name", name, "--item", json.dumps(item))
        self.assertIsNone(out)

        key = json.dumps({"pk": {"S": "user#1"}, "sk": {"N": "1"}})
        _, got = self.aws("get-item", "--table-name", name, "--key", key, "--consistent-read")
        self.assertEqual(got["Item"]["name"], {"S": "Ada"})
        self.assertCountEqual(got["Item"]["tags"]["SS"], ["a", "b"])
        self.assertEqual(got["Item"]["profile"], item["profile"])
        # CLI v1 sends a blob's text as raw bytes and prints them base64-encoded; v2 decodes base64 input.
        self.assertEqual(got["Item"]["blob"], {"B": "AAEC" if self.cli_major() >= 2 else "QUFFQw=="})
        self.assertEqual(got["Item"]["active"], {"BOOL": True})
        self.assertEqual(got["Item"]["none"], {"NULL": True})

        _, deleted = self.aws("delete-item", "--table-name", name, "--key", key, "--return-values", "ALL_OLD")
        self.assertEqual(deleted["Attributes"]["name"], {"S": "Ada"})
        _, got = self.aws("get-item", "--table-name", name, "--key", key, "--consistent-read")
        self.assertIsNone(got)

        requests = {name: [{"PutRequest": {"Item": {"pk": {"S": "batch"}, "sk": {"N": str(i)}}}} for i in range(25)]}
        _, written = self.aws("batch-write-item", "--request-items", json.dumps(requests))
        self.assertEqual(written["UnprocessedItems"], {})
        _, got = self.aws("get-item", "--table-name", name, "--consistent-read",
                          "--key", json.dumps({"pk": {"S": "batch"}, "sk": {"N": "24"}}))
        self.assertEqual(got["Item"], {"pk": {"S": "batch"}, "sk": {"N": "24"}})

        deletes = {name: [{"DeleteRequest": {"Key": {"pk": {"S": "batch"}, "sk": {"N": str(i)}}}} for i in range(10)]}
        _, written = self.aws("batch-write-item", "--request-items", json.dumps(deletes))
        self.assertEqual(written["UnprocessedItems"], {})

        keys = {name: {"Keys": [{"pk": {"S": "batch"}, "sk": {"N": str(i)}} for i in range(20)]}}
        _, fetched = self.aws("batch-get-item", "--request-items", json.dumps(keys))
        self.assertEqual(sorted(int(it["sk"]["N"]) for it in fetched["Responses"][name]), list(range(10, 20)))

        _, dropped = self.aws("delete-table", "--table-name", name)
        self.assertEqual(dropped["TableDescription"]["TableName"], name)
        self.wait_deleted(name)
        _, listed = self.aws("list-tables")
        self.assertNotIn(name, listed["TableNames"])

    def test_create_table_with_provisioned_throughput(self):
        name = unique_name("cliprov")
        _, out = self.aws("create-table", "--table-name", name,
                          "--attribute-definitions", "AttributeName=id,AttributeType=N",
                          "--key-schema", "AttributeName=id,KeyType=HASH",
                          "--provisioned-throughput", "ReadCapacityUnits=2,WriteCapacityUnits=3")
        self._tables.append(name)
        self.assertEqual(out["TableDescription"]["ProvisionedThroughput"]["ReadCapacityUnits"], 2)
        self.assertEqual(out["TableDescription"]["ProvisionedThroughput"]["WriteCapacityUnits"], 3)

    def test_list_tables_pagination_flags(self):
        prefix = unique_name("clipage") + "_"
        names = [prefix + c for c in "abc"]
        for n in names:
            self.aws("create-table", "--table-name", n,
                     "--attribute-definitions", "AttributeName=pk,AttributeType=S",
                     "--key-schema", "AttributeName=pk,KeyType=HASH", "--billing-mode", "PAY_PER_REQUEST")
            self._tables.append(n)
        # The CLI pages through every table itself; --page-size 1 forces Limit=1 requests.
        _, listed = self.aws("list-tables", "--page-size", "1")
        for n in names:
            self.assertIn(n, listed["TableNames"])
        _, first = self.aws("list-tables", "--max-items", "1")
        self.assertEqual(len(first["TableNames"]), 1)
        self.assertIn("NextToken", first)

    def test_get_item_from_missing_table_reports_error(self):
        proc, _ = self.aws("get-item", "--table-name", unique_name("missing"),
                           "--key", json.dumps({"pk": {"S": "a"}}), check=False)
        self.assertNotEqual(proc.returncode, 0)
        self.assertIn("An error occurred (ResourceNotFoundException) when calling the GetItem operation: "
                      "Requested resource not found", proc.stderr)

    def test_put_item_validation_error_reports_message(self):
        name = self.create_table()
        proc, _ = self.aws("put-item", "--table-name", name, "--item", json.dumps({"pk": {"N": "1"}}), check=False)
        self.assertNotEqual(proc.returncode, 0)
        self.assertIn("An error occurred (ValidationException) when calling the PutItem operation: "
                      "One or more parameter values were invalid: Type mismatch for key pk expected: S actual: N",
                      proc.stderr)


if __name__ == "__main__":
    unittest.main()
