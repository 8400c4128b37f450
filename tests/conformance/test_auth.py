"""`serve --credentials FILE`: every request must be signed (SigV4) by one of
the file's keys, and is refused with DynamoDB's errors otherwise. The harness's
own key (AKIDCONFORMANCE) is in the file, so boto3, the AWS CLI and raw
signed requests all work; other keys, wrong secrets and unsigned requests do
not."""

import json
import os
import tempfile
import unittest
import urllib.request

import boto3
from botocore.exceptions import ClientError

from harness import REGION, DynamoTestCase, ServerProcess, is_external, make_client, raw_request, run_aws

KEYS = """# key secret [session token]
AKIDCONFORMANCE conformance-secret
AKIDTEMPORARY temporary-secret the-session-token
"""


@unittest.skipIf(is_external(), "starts its own server with a credentials file")
class CredentialsFileTest(DynamoTestCase):

    @classmethod
    def setUpClass(cls):
        cls._file = tempfile.NamedTemporaryFile("w", suffix=".keys", delete=False)
        cls._file.write(KEYS)
        cls._file.close()
        cls.server_args = ["serve", "--port", "0", "--credentials", cls._file.name]
        super().setUpClass()

    @classmethod
    def tearDownClass(cls):
        try:
            super().tearDownClass()
        finally:
            os.unlink(cls._file.name)

    def client(self, key, secret, token=None):
        return boto3.client("dynamodb", endpoint_url=self.endpoint, region_name=REGION,
                            aws_access_key_id=key, aws_secret_access_key=secret, aws_session_token=token)

    def error_of(self, call):
        with self.assertRaises(ClientError) as ctx:
            call()
        return (ctx.exception.response["ResponseMetadata"]["HTTPStatusCode"],
                ctx.exception.response["Error"]["Code"])

    def test_signed_requests_of_known_keys_work(self):
        name = self.create_table(prefix="auth")
        self.ddb.put_item(TableName=name, Item={"pk": {"S": "a"}})
        self.assertEqual(self.ddb.get_item(TableName=name, Key={"pk": {"S": "a"}})["Item"], {"pk": {"S": "a"}})
        # Another key has a database of its own (see test_databases.py).
        temporary = self.client("AKIDTEMPORARY", "temporary-secret", "the-session-token")
        self.assertNotIn(name, temporary.list_tables()["TableNames"])

    def test_the_aws_cli_signs_its_requests(self):
        _, out = run_aws(self.endpoint, "list-tables")
        self.assertIn("TableNames", out)

    def test_a_wrong_secret_is_an_invalid_signature(self):
        self.assertEqual(self.error_of(lambda: self.client("AKIDCONFORMANCE", "wrong").list_tables()),
                         (400, "InvalidSignatureException"))

    def test_an_unknown_key_is_unrecognized(self):
        self.assertEqual(self.error_of(lambda: self.client("AKIDSTRANGER", "x").list_tables()),
                         (400, "UnrecognizedClientException"))

    def test_temporary_credentials_need_their_token(self):
        self.assertEqual(self.error_of(lambda: self.client("AKIDTEMPORARY", "temporary-secret").list_tables()),
                         (400, "UnrecognizedClientException"))
        self.assertEqual(
            self.error_of(lambda: self.client("AKIDTEMPORARY", "temporary-secret", "other").list_tables()),
            (400, "UnrecognizedClientException"))

    def test_unsigned_requests_miss_the_token(self):
        resp = raw_request(self.endpoint, "ListTables", b"{}", sign=False)
        self.assertEqual(resp.status, 400)
        self.assertEqual(resp.error_type(), "MissingAuthenticationTokenException")

    def test_a_changed_body_breaks_the_signature(self):
        # Signed for one body, sent with another.
        from harness import signed_headers
        headers = signed_headers(self.endpoint, b'{"Limit": 1}', {
            "Content-Type": "application/x-amz-json-1.0", "X-Amz-Target": "DynamoDB_20120810.ListTables"})
        request = urllib.request.Request(self.endpoint + "/", data=b'{"Limit": 2}', headers=headers)
        with self.assertRaises(urllib.error.HTTPError) as ctx:
            urllib.request.urlopen(request)
        self.assertEqual(ctx.exception.code, 400)
        self.assertIn("InvalidSignatureException", json.loads(ctx.exception.read())["__type"])

    def test_health_check_needs_no_signature(self):
        self.assertEqual(urllib.request.urlopen(self.endpoint + "/").status, 200)

    def test_a_missing_or_malformed_file_stops_the_server(self):
        with self.assertRaises(RuntimeError):
            ServerProcess(["serve", "--port", "0", "--credentials", "/nonexistent/keys"]).start()
        with tempfile.NamedTemporaryFile("w", suffix=".keys") as bad:
            bad.write("only-a-key\n")
            bad.flush()
            with self.assertRaises(RuntimeError) as ctx:
                ServerProcess(["serve", "--port", "0", "--credentials", bad.name]).start()
            self.assertIn(":1:", str(ctx.exception))


if __name__ == "__main__":
    unittest.main()
