"""The JSON 1.0 wire protocol, spoken with raw HTTP (http.client)."""

import http.client
import re
import threading
import unittest
import zlib

from harness import DynamoTestCase, is_external, open_connection, raw_request, unique_name

JSON_CONTENT_TYPE = "application/x-amz-json-1.0"


class ProtocolTest(DynamoTestCase):

    # ---- health check -------------------------------------------------------

    def test_get_root_answers_health_check(self):
        resp = self.request(method="GET")
        self.assertEqual(resp.status, 200)
        # Real DynamoDB answers "healthy: dynamodb.<region>.amazonaws.com ".
        self.assertTrue(resp.body.startswith(b"healthy: "), resp.body[:200])

    # ---- routing errors -----------------------------------------------------

    def test_unknown_operation(self):
        resp = self.request("DynamoDB_20120810.NoSuchOperation", b"{}")
        self.assertEqual(resp.status, 400)
        self.assertEqual(resp.error_type(), "UnknownOperationException")

    def test_misspelled_operation(self):
        resp = self.request("DynamoDB_20120810.ListTable", b"{}")
        self.assertEqual(resp.status, 400)
        self.assertEqual(resp.error_type(), "UnknownOperationException")

    def test_wrong_api_version_in_target(self):
        resp = self.request("DynamoDB_20111205.ListTables", b"{}")
        self.assertEqual(resp.status, 400)
        self.assertEqual(resp.error_type(), "UnknownOperationException")

    def test_target_without_service_prefix(self):
        resp = self.request(None, b"{}", headers={"X-Amz-Target": "whatever"})
        self.assertEqual(resp.status, 400)
        self.assertEqual(resp.error_type(), "UnknownOperationException")

    def test_missing_target(self):
        resp = self.request(None, b"{}")
        self.assertEqual(resp.status, 400)
        self.assertEqual(resp.error_type(), "UnknownOperationException")

    # ---- body errors --------------------------------------------------------

    def test_malformed_json_is_serialization_exception(self):
        resp = self.request("ListTables", b"{not json")
        self.assertEqual(resp.status, 400)
        self.assertEqual(resp.error_type(), "SerializationException")

    def test_non_json_body_is_serialization_exception(self):
        resp = self.request("ListTables", b"hi")
        self.assertEqual(resp.status, 400)
        self.assertEqual(resp.error_type(), "SerializationException")

    def test_empty_body_is_serialization_exception(self):
        resp = self.request("ListTables", b"")
        self.assertEqual(resp.status, 400)
        self.assertEqual(resp.error_type(), "SerializationException")

    def test_wrong_json_type_for_member_is_serialization_exception(self):
        resp = self.request("DescribeTable", {"TableName": 23})
        self.assertEqual(resp.status, 400)
        self.assertEqual(resp.error_type(), "SerializationException")

    def test_unknown_members_are_ignored(self):
        resp = self.request("ListTables", {"hi": "yo", "stuff": "things"})
        self.assertEqual(resp.status, 200)
        self.assertIsInstance(resp.json()["TableNames"], list)

    def test_null_members_count_as_absent(self):
        resp = self.request("ListTables", {"ExclusiveStartTableName": None, "Limit": None})
        self.assertEqual(resp.status, 200)
        self.assertIsInstance(resp.json()["TableNames"], list)

    def test_application_json_content_type_is_accepted(self):
        resp = self.request("ListTables", b"{}", headers={"Content-Type": "application/json"})
        self.assertEqual(resp.status, 200)
        self.assertIsInstance(resp.json()["TableNames"], list)

    # ---- error body shape ---------------------------------------------------

    def test_error_body_has_type_and_message(self):
        name = unique_name("missing")
        resp = self.request("DescribeTable", {"TableName": name})
        self.assertEqual(resp.status, 400)
        self.assertEqual(resp.json(), {
            "__type": "com.amazonaws.dynamodb.v20120810#ResourceNotFoundException",
            "message": "Requested resource not found: Table: %s not found" % name,
        })

    def test_validation_error_body(self):
        resp = self.request("ListTables", {"Limit": 0})
        self.assertEqual(resp.status, 400)
        body = resp.json()
        self.assertEqual(resp.error_type(), "ValidationException")
        self.assertEqual(body["message"], "1 validation error detected: Value '0' at 'limit' failed to "
                                          "satisfy constraint: Member must have value greater than or equal to 1")

    # ---- response headers ---------------------------------------------------

    def test_success_response_headers(self):
        resp = self.request("ListTables", b"{}")
        self.assertEqual(resp.status, 200)
        self.assertEqual(resp.headers.get("content-type"), JSON_CONTENT_TYPE)
        self.assertEqual(int(resp.headers["content-length"]), len(resp.body))
        self.assertIn("x-amzn-requestid", resp.headers)
        self.assertIn("x-amz-crc32", resp.headers)

    def test_request_id_looks_like_dynamodb_one(self):
        resp = self.request("ListTables", b"{}")
        self.assertRegex(resp.headers.get("x-amzn-requestid", ""), r"^[0-9A-Z]{52}$")

    def test_request_ids_are_unique(self):
        ids = {self.request("ListTables", b"{}").headers.get("x-amzn-requestid") for _ in range(5)}
        self.assertEqual(len(ids), 5)

    def test_crc32_matches_success_body(self):
        resp = self.request("ListTables", b"{}")
        self.assertEqual(int(resp.headers["x-amz-crc32"]), zlib.crc32(resp.body) & 0xFFFFFFFF)

    def test_crc32_matches_error_body(self):
        resp = self.request("DescribeTable", {"TableName": unique_name("missing")})
        self.assertEqual(resp.status, 400)
        self.assertEqual(int(resp.headers["x-amz-crc32"]), zlib.crc32(resp.body) & 0xFFFFFFFF)
        self.assertIn("x-amzn-requestid", resp.headers)
        self.assertEqual(resp.headers.get("content-type"), JSON_CONTENT_TYPE)

    def test_crc32_matches_non_ascii_body(self):
        table = self.create_table()
        item = {"pk": {"S": "k\u00e9y-\u65e5\u672c-\U0001F600"}, "v": {"S": "\u00fcn\u00efc\u00f6d\u00e9"}}
        self.assertEqual(self.request("PutItem", {"TableName": table, "Item": item}).status, 200)
        resp = self.request("GetItem", {"TableName": table, "Key": {"pk": item["pk"]}, "ConsistentRead": True})
        self.assertEqual(resp.status, 200)
        self.assertEqual(int(resp.headers["x-amz-crc32"]), zlib.crc32(resp.body) & 0xFFFFFFFF)
        self.assertEqual(resp.json(), {"Item": item})

    # ---- HTTP/1.1 connection handling --------------------------------------

    def test_http_1_1_keep_alive_reuses_connection(self):
        conn = open_connection(self.endpoint)
        try:
            first = raw_request(self.endpoint, "ListTables", b"{}", connection=conn)
            sock = conn.sock
            self.assertIsNotNone(sock, "server closed the connection after one request")
            for _ in range(5):
                resp = raw_request(self.endpoint, "ListTables", b"{}", connection=conn)
                self.assertEqual(resp.status, 200)
                self.assertIs(conn.sock, sock, "connection was not reused")
            self.assertEqual(first.version, 11)
            self.assertNotEqual(first.headers.get("connection", "").lower(), "close")
        finally:
            conn.close()

    def test_keep_alive_survives_error_responses(self):
        conn = open_connection(self.endpoint)
        try:
            bad = raw_request(self.endpoint, "NoSuchOperation", b"{}", connection=conn)
            self.assertEqual(bad.status, 400)
            sock = conn.sock
            good = raw_request(self.endpoint, "ListTables", b"{}", connection=conn)
            self.assertEqual(good.status, 200)
            self.assertIs(conn.sock, sock)
        finally:
            conn.close()

    def test_many_concurrent_connections(self):
        errors = []

        def worker():
            try:
                conn = open_connection(self.endpoint)
                try:
                    for _ in range(10):
                        resp = raw_request(self.endpoint, "ListTables", b"{}", connection=conn)
                        if resp.status != 200:
                            errors.append(resp.status)
                finally:
                    conn.close()
            except Exception as exc:  # surfaced below
                errors.append(repr(exc))

        threads = [threading.Thread(target=worker) for _ in range(32)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
        self.assertEqual(errors, [])

    def test_body_over_16_mb_is_refused_without_reading_it(self):
        # Announce a body one byte over DynamoDB's 16 MB limit, send only a
        # little of it: the server must answer 413 instead of waiting for the rest.
        conn = open_connection(self.endpoint, timeout=15)
        try:
            conn.putrequest("POST", "/")
            conn.putheader("Content-Type", JSON_CONTENT_TYPE)
            conn.putheader("X-Amz-Target", "DynamoDB_20120810.ListTables")
            conn.putheader("Content-Length", str(16 * 1024 * 1024 + 1))
            conn.endheaders()
            try:
                conn.send(b"{" + b" " * 65536)
            except (BrokenPipeError, ConnectionResetError):
                pass
            resp = conn.getresponse()
            self.assertEqual(resp.status, 413)
        finally:
            conn.close()

    def test_body_of_exactly_16_mb_is_accepted(self):
        # Unknown members are ignored, so padding makes a valid ListTables of exactly 16 MiB.
        head, tail = b'{"padding": "', b'"}'
        body = head + b"a" * (16 * 1024 * 1024 - len(head) - len(tail)) + tail
        resp = self.request("ListTables", body)
        self.assertEqual(resp.status, 200)
        self.assertIsInstance(resp.json()["TableNames"], list)

    @unittest.skipIf(is_external(), "dynamo-items accepts any credentials; real endpoints need a signature")
    def test_unsigned_request_is_accepted(self):
        resp = self.request("ListTables", b"{}", sign=False)
        self.assertEqual(resp.status, 200)

    @unittest.skipIf(is_external(), "dynamo-items accepts any credentials; real endpoints need a signature")
    def test_arbitrary_authorization_header_is_accepted(self):
        resp = self.request("ListTables", b"{}", sign=False, headers={"Authorization": "AWS4-HMAC-SHA256 junk"})
        self.assertEqual(resp.status, 200)


if __name__ == "__main__":
    unittest.main()
