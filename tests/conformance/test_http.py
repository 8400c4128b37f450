"""The HTTP layer around the JSON protocol: compressed requests and responses,
the health check, standard headers, header limits and DescribeEndpoints.
Written from DynamoDB's behaviour: it decodes gzip and deflate request bodies
(even several members or stacked codings), answers 500 for a body it cannot
decode, and compresses an answer when Accept-Encoding asks, with x-amz-crc32
computed over the bytes sent."""

import binascii
import email.utils
import gzip
import json
import time
import unittest
import zlib

from harness import (REGION, DynamoTestCase, is_external, make_client, open_connection, raw_request,
                     unique_name)

import boto3
from botocore.config import Config


def s(v):
    return {"S": v}


class CompressedRequestTest(DynamoTestCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.table = cls.create_table(prefix="gz")

    def put_body(self, key, extra=""):
        return ('{"TableName": "%s", "Item": {"pk": {"S": "%s"}, "v": {"S": "x%s"}}}'
                % (self.table, key, extra)).encode()

    def stored(self, key):
        return self.ddb.get_item(TableName=self.table, Key={"pk": s(key)}, ConsistentRead=True).get("Item")

    def send(self, body, encoding, target="PutItem"):
        return self.request(target, body, headers={"Content-Encoding": encoding})

    def test_gzip_body_is_decoded(self):
        key = unique_name("k")
        resp = self.send(gzip.compress(self.put_body(key)), "gzip")
        self.assertEqual(resp.status, 200, resp.body)
        self.assertEqual(self.stored(key), {"pk": s(key), "v": s("x")})

    def test_deflate_body_is_decoded(self):
        key = unique_name("k")
        resp = self.send(zlib.compress(self.put_body(key)), "deflate")
        self.assertEqual(resp.status, 200, resp.body)
        self.assertEqual(self.stored(key), {"pk": s(key), "v": s("x")})

    def test_concatenated_gzip_members_are_one_body(self):
        key = unique_name("k")
        body = self.put_body(key)
        resp = self.send(gzip.compress(body[:10]) + gzip.compress(body[10:]), "gzip")
        self.assertEqual(resp.status, 200, resp.body)
        self.assertEqual(self.stored(key), {"pk": s(key), "v": s("x")})

    def test_stacked_codings_come_off_last_first(self):
        key = unique_name("k")
        # "deflate, gzip": deflated first, then gzipped.
        resp = self.send(gzip.compress(zlib.compress(self.put_body(key))), "deflate, gzip")
        self.assertEqual(resp.status, 200, resp.body)
        self.assertEqual(self.stored(key), {"pk": s(key), "v": s("x")})

    def test_long_body_that_compresses_well(self):
        key = unique_name("k")
        resp = self.send(gzip.compress(self.put_body(key, "y" * 300000)), "gzip")
        self.assertEqual(resp.status, 200, resp.body)
        self.assertEqual(len(self.stored(key)["v"]["S"]), 300001)

    def test_unknown_coding_is_an_internal_failure_and_writes_nothing(self):
        key = unique_name("k")
        resp = self.send(self.put_body(key), "garbage")
        self.assertEqual(resp.status, 500)
        self.assertIsNone(self.stored(key))

    def test_body_that_is_not_gzip_is_an_internal_failure(self):
        key = unique_name("k")
        resp = self.send(self.put_body(key), "gzip")
        self.assertEqual(resp.status, 500)
        self.assertIsNone(self.stored(key))

    def test_truncated_gzip_is_refused(self):
        key = unique_name("k")
        resp = self.send(gzip.compress(self.put_body(key))[:-1], "gzip")
        self.assertEqual(resp.status, 500)
        self.assertIsNone(self.stored(key))

    @unittest.skipIf(is_external(), "DynamoDB ignores junk after the last gzip member (a bug of its own)")
    def test_junk_after_the_gzip_stream_is_refused(self):
        key = unique_name("k")
        resp = self.send(gzip.compress(self.put_body(key)) + b"junk", "gzip")
        self.assertEqual(resp.status, 500)
        self.assertIsNone(self.stored(key))

    def test_empty_gzip_body_is_refused(self):
        resp = self.send(b"", "gzip")
        self.assertEqual(resp.status, 500)

    def test_decoded_size_is_held_to_16_mb(self):
        key = unique_name("k")
        body = self.put_body(key)
        huge = body[:-1] + b" " * (17 * 1024 * 1024) + body[-1:]
        compressed = gzip.compress(huge)
        self.assertLess(len(compressed), 1024 * 1024)
        resp = self.send(compressed, "gzip")
        self.assertIn(resp.status, (400, 413))
        self.assertIsNone(self.stored(key))
        # The server is still there.
        self.assertEqual(self.request("ListTables", b"{}").status, 200)

    def test_boto3_with_request_compression(self):
        # botocore compresses only operations whose model asks for it; as
        # DynamoDB's does not (yet), opt every operation in, as a user might.
        client = make_client(self.endpoint)
        client = boto3.client("dynamodb", endpoint_url=self.endpoint, region_name=REGION,
                              aws_access_key_id=client._request_signer._credentials.access_key,
                              aws_secret_access_key=client._request_signer._credentials.secret_key,
                              config=Config(request_min_compression_size_bytes=1))
        model = client.meta.service_model._service_description["operations"]
        for op in model.values():
            op["requestcompression"] = {"encodings": ["gzip"]}
        key = unique_name("k")
        client.put_item(TableName=self.table, Item={"pk": s(key), "v": s("boto")})
        self.assertEqual(client.get_item(TableName=self.table, Key={"pk": s(key)},
                                         ConsistentRead=True)["Item"]["v"], s("boto"))
        client.close()


class CompressedResponseTest(DynamoTestCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.table = cls.create_table(prefix="gzr")
        for i in range(40):
            cls.ddb.put_item(TableName=cls.table, Item={"pk": s("k%02d" % i), "v": s("v" * 300)})

    def scan(self, accept):
        return self.request("Scan", {"TableName": self.table, "ConsistentRead": True},
                            headers={"Accept-Encoding": accept} if accept is not None else None)

    def assert_items(self, body):
        self.assertEqual(len(json.loads(body)["Items"]), 40)

    def test_gzip_answer_when_asked(self):
        resp = self.scan("gzip")
        self.assertEqual(resp.status, 200)
        self.assertEqual(resp.headers.get("content-encoding"), "gzip")
        # The checksum is of the bytes on the wire, as DynamoDB's is.
        self.assertEqual(int(resp.headers["x-amz-crc32"]), binascii.crc32(resp.body))
        self.assertEqual(int(resp.headers["content-length"]), len(resp.body))
        self.assert_items(gzip.decompress(resp.body))

    def test_deflate_answer_when_only_deflate_is_accepted(self):
        resp = self.scan("deflate")
        self.assertEqual(resp.headers.get("content-encoding"), "deflate")
        self.assertEqual(int(resp.headers["x-amz-crc32"]), binascii.crc32(resp.body))
        self.assert_items(zlib.decompress(resp.body))

    def test_no_coding_unless_asked(self):
        for accept in (None, "identity", "gzip;q=0", "br"):
            resp = self.scan(accept)
            self.assertNotIn("content-encoding", resp.headers, accept)
            self.assertEqual(int(resp.headers["x-amz-crc32"]), binascii.crc32(resp.body))
            self.assert_items(resp.body)

    def test_small_answers_are_sent_as_they_are(self):
        resp = self.request("DescribeTable", {"TableName": self.table}, headers={"Accept-Encoding": "gzip"})
        self.assertEqual(resp.status, 200)
        if "content-encoding" in resp.headers:
            self.assertEqual(json.loads(gzip.decompress(resp.body))["Table"]["TableName"], self.table)
        else:
            self.assertEqual(json.loads(resp.body)["Table"]["TableName"], self.table)

    def test_sdk_reads_large_answers_unchanged(self):
        items = self.ddb.scan(TableName=self.table, ConsistentRead=True)["Items"]
        self.assertEqual(len(items), 40)


class HttpBasicsTest(DynamoTestCase):

    def test_health_text_names_the_region(self):
        resp = self.request(method="GET")
        self.assertEqual(resp.status, 200)
        self.assertRegex(resp.body.decode(), r"^healthy: dynamodb\.[a-z0-9-]+\.amazonaws\.com ?$")
        if not is_external():
            self.assertEqual(resp.body, b"healthy: dynamodb.us-east-1.amazonaws.com ")

    def test_every_answer_has_date_and_server(self):
        for resp in (self.request("ListTables", b"{}"), self.request("NoSuchOperation", b"{}"),
                     self.request(method="GET")):
            self.assertIn("server", resp.headers)
            date = email.utils.parsedate_to_datetime(resp.headers["date"])
            self.assertEqual(date.utcoffset().total_seconds(), 0)

    def test_oversized_header_section_is_refused_and_the_server_lives(self):
        try:
            resp = self.request("ListTables", b"{}", headers={"X-Padding": "p" * (200 * 1024)})
            self.assertIn(resp.status, (400, 413, 431))
        except (ConnectionError, OSError):
            pass  # answered and closed before the client finished sending
        self.assertEqual(self.request("ListTables", b"{}").status, 200)

    def test_oversized_request_line_is_refused_and_the_server_lives(self):
        conn = open_connection(self.endpoint)
        try:
            conn.putrequest("POST", "/" + "a" * (200 * 1024), skip_accept_encoding=True)
            conn.putheader("Content-Length", "2")
            conn.endheaders(b"{}")
            self.assertIn(conn.getresponse().status, (400, 413, 414, 431))
        except (ConnectionError, OSError):
            pass  # a server may also just close the connection
        finally:
            conn.close()
        self.assertEqual(self.request("ListTables", b"{}").status, 200)

    def test_a_client_sending_an_oversized_body_reads_413(self):
        # boto3 sends all 17 MiB before it reads: the server must answer it,
        # not reset the connection while the body is still arriving.
        client = boto3.client("dynamodb", endpoint_url=self.endpoint, region_name=REGION,
                              aws_access_key_id="AKIDCONFORMANCE", aws_secret_access_key="conformance-secret",
                              config=Config(retries={"max_attempts": 1}))
        from botocore.exceptions import ClientError
        with self.assertRaises(ClientError) as ctx:
            client.put_item(TableName="ct_nothing_here", Item={"pk": s("a"), "big": s("x" * (17 * 1024 * 1024))})
        self.assertEqual(ctx.exception.response["ResponseMetadata"]["HTTPStatusCode"], 413)
        self.assertEqual(self.request("ListTables", b"{}").status, 200)

    def test_describe_endpoints_names_a_usable_endpoint(self):
        endpoints = self.ddb.describe_endpoints()["Endpoints"]
        self.assertEqual(len(endpoints), 1)
        self.assertGreater(endpoints[0]["CachePeriodInMinutes"], 0)
        scheme = self.endpoint.split("://")[0]
        other = make_client("%s://%s" % (scheme, endpoints[0]["Address"]))
        self.assertIn("Endpoints", other.describe_endpoints())

    def test_non_object_payloads_are_serialization_exceptions(self):
        for body in (b"[]", b"5", b'"x"', b"true"):
            resp = self.request("ListTables", body)
            self.assertEqual(resp.status, 400, body)
            self.assertEqual(resp.error_type(), "SerializationException", body)


@unittest.skipIf(is_external(), "signs for another region, which a real endpoint refuses")
class RequestRegionTest(DynamoTestCase):
    """ARNs and Streams records carry the region of the request's SigV4
    credential scope, and a 12-digit access key id is the account."""

    def client(self, region, key="AKIDEXAMPLE"):
        return boto3.client("dynamodb", endpoint_url=self.endpoint, region_name=region,
                            aws_access_key_id=key, aws_secret_access_key="secret")

    def test_arns_follow_the_signing_region_and_account(self):
        ddb = self.client("eu-west-3", "123456789012")
        name = unique_name("reg")
        table = ddb.create_table(TableName=name, KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
                                 AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
                                 BillingMode="PAY_PER_REQUEST",
                                 StreamSpecification={"StreamEnabled": True, "StreamViewType": "KEYS_ONLY"}
                                 )["TableDescription"]
        self.assertEqual(table["TableArn"], "arn:aws:dynamodb:eu-west-3:123456789012:table/" + name)
        self.assertTrue(table["LatestStreamArn"].startswith(table["TableArn"] + "/stream/"))
        ddb.put_item(TableName=name, Item={"pk": s("a")})
        streams = boto3.client("dynamodbstreams", endpoint_url=self.endpoint, region_name="eu-west-3",
                               aws_access_key_id="123456789012", aws_secret_access_key="secret")
        shard = streams.describe_stream(StreamArn=table["LatestStreamArn"])["StreamDescription"]["Shards"][0]
        it = streams.get_shard_iterator(StreamArn=table["LatestStreamArn"], ShardId=shard["ShardId"],
                                        ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
        (record,) = streams.get_records(ShardIterator=it)["Records"]
        self.assertEqual(record["awsRegion"], "eu-west-3")
        ddb.delete_table(TableName=name)
        # A key that is not an account number: the server's account.
        other = self.client("ap-south-1")
        arn = other.create_table(TableName=name, KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
                                 AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
                                 BillingMode="PAY_PER_REQUEST")["TableDescription"]["TableArn"]
        self.assertEqual(arn, "arn:aws:dynamodb:ap-south-1:000000000000:table/" + name)
        other.delete_table(TableName=name)


if __name__ == "__main__":
    unittest.main()


@unittest.skipIf(is_external(), "starts its own server with a connection limit")
class ConnectionLimitTest(unittest.TestCase):

    def test_connections_beyond_the_limit_are_closed_and_the_rest_served(self):
        from harness import ServerProcess
        server = ServerProcess(["serve", "--port", "0", "--max-connections", "3"])
        endpoint = server.start()
        try:
            held = [open_connection(endpoint) for _ in range(3)]
            for conn in held:
                self.assertEqual(raw_request(endpoint, "ListTables", b"{}", connection=conn).status, 200)
            extra = open_connection(endpoint, timeout=5)
            with self.assertRaises((ConnectionError, OSError, http_client_errors())):
                raw_request(endpoint, "ListTables", b"{}", connection=extra)
            extra.close()
            held.pop().close()
            for _ in range(50):  # the server notices the close asynchronously
                try:
                    if raw_request(endpoint, "ListTables", b"{}").status == 200:
                        break
                except (ConnectionError, OSError, http_client_errors()):
                    time.sleep(0.05)
            else:
                self.fail("a freed connection slot was not reused")
            for conn in held:
                self.assertEqual(raw_request(endpoint, "ListTables", b"{}", connection=conn).status, 200)
                conn.close()
        finally:
            self.assertEqual(server.stop(), 0)


def http_client_errors():
    import http.client
    return http.client.HTTPException
