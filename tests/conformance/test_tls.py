"""serve --tls-cert/--tls-key: the same JSON protocol over HTTPS. A
self-signed certificate for 127.0.0.1 is made at set-up (the openssl CLI, else
Python's cryptography); boto3 and the AWS CLI trust it through verify= and
--ca-bundle. Also: the certificate really is checked (no CA, no connection),
a plain HTTP client or garbage on the TLS port only loses its own connection,
keep-alive, compression both ways, the 413 for an over-size body, a client
that never completes the handshake closed after the 30 s timeout,
--io-per-thread and --max-connections work over TLS, and a missing,
lone or invalid certificate or key stops the server at start-up."""

import datetime
import gzip
import json
import http.client
import ipaddress
import os
import shutil
import socket
import ssl
import subprocess
import tempfile
import time
import unittest
import urllib.parse

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError, SSLError

from harness import (REGION, DynamoTestCase, is_external, make_session, raw_request, run_aws, server_binary,
                     unique_name)


def make_self_signed(directory):
    """Writes cert.pem and key.pem for CN/IP 127.0.0.1 into `directory`."""
    cert, key = os.path.join(directory, "cert.pem"), os.path.join(directory, "key.pem")
    openssl = shutil.which("openssl")
    if openssl is not None:
        subprocess.run([openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert,
                        "-days", "2", "-subj", "/CN=127.0.0.1",
                        "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost"],
                       check=True, capture_output=True)
        return cert, key
    try:
        from cryptography import x509
        from cryptography.hazmat.primitives import hashes, serialization
        from cryptography.hazmat.primitives.asymmetric import rsa
        from cryptography.x509.oid import NameOID
    except ImportError:
        raise AssertionError("neither the openssl CLI (./dev deps installs it) nor Python's cryptography is there")
    private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.timezone.utc)
    certificate = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
                   .public_key(private.public_key()).serial_number(x509.random_serial_number())
                   .not_valid_before(now - datetime.timedelta(hours=1))
                   .not_valid_after(now + datetime.timedelta(days=2))
                   .add_extension(x509.SubjectAlternativeName(
                       [x509.IPAddress(ipaddress.ip_address("127.0.0.1")), x509.DNSName("localhost")]),
                       critical=False)
                   .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
                   .sign(private, hashes.SHA256()))
    with open(cert, "wb") as f:
        f.write(certificate.public_bytes(serialization.Encoding.PEM))
    with open(key, "wb") as f:
        f.write(private.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.TraditionalOpenSSL,
                                      serialization.NoEncryption()))
    return cert, key


def s(v):
    return {"S": v}


def run_server(*args, timeout=20):
    """Runs `dynamo-items serve --port 0 ARGS` expecting it to fail at start-up."""
    proc = subprocess.Popen([server_binary(), "serve", "--port", "0"] + list(args), stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        out, err = proc.communicate()
        raise AssertionError("the server kept running: %s %s" % (out, err))
    return proc.returncode, out, err


@unittest.skipIf(is_external(), "starts its own server with TLS")
class TlsTest(DynamoTestCase):

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.cert, cls.key = make_self_signed(cls.tmp.name)
        cls.server_args = ["serve", "--port", "0", "--tls-cert", cls.cert, "--tls-key", cls.key]
        try:
            super().setUpClass()
        except BaseException:
            cls.tmp.cleanup()
            raise
        parsed = urllib.parse.urlparse(cls.endpoint)
        cls.host, cls.port = parsed.hostname, parsed.port
        cls.tls = make_session().client("dynamodb", endpoint_url=cls.endpoint, verify=cls.cert,
                                        config=Config(retries={"max_attempts": 1}))

    @classmethod
    def tearDownClass(cls):
        try:
            super().tearDownClass()
        finally:
            cls.tmp.cleanup()

    def https_connection(self, timeout=30):
        context = ssl.create_default_context(cafile=self.cert)
        return http.client.HTTPSConnection(self.host, self.port, timeout=timeout, context=context)

    def assertServing(self):
        self.assertIn("TableNames", self.tls.list_tables())

    def test_endpoint_is_https(self):
        self.assertTrue(self.endpoint.startswith("https://127.0.0.1:"), self.endpoint)

    def test_boto3_creates_puts_and_gets(self):
        name = unique_name("tls")
        self.tls.create_table(TableName=name, KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
                              AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
                              BillingMode="PAY_PER_REQUEST")
        self.tls.put_item(TableName=name, Item={"pk": s("a"), "v": s("over tls")})
        item = self.tls.get_item(TableName=name, Key={"pk": s("a")}, ConsistentRead=True)["Item"]
        self.assertEqual(item, {"pk": s("a"), "v": s("over tls")})
        self.assertIn(name, self.tls.list_tables()["TableNames"])

    def test_aws_cli_lists_tables_with_the_ca_bundle(self):
        proc, out = run_aws(self.endpoint, "list-tables", "--ca-bundle", self.cert)
        self.assertIn("TableNames", out)

    def test_an_unknown_certificate_is_refused_by_the_client(self):
        client = boto3.client("dynamodb", endpoint_url=self.endpoint, region_name=REGION, verify=True,
                              aws_access_key_id="AKIDCONFORMANCE", aws_secret_access_key="conformance-secret",
                              config=Config(retries={"max_attempts": 1}))
        with self.assertRaises(SSLError):
            client.list_tables()
        self.assertServing()

    def test_keep_alive_over_tls(self):
        conn = self.https_connection()
        try:
            for _ in range(3):
                resp = raw_request(self.endpoint, "ListTables", b"{}", connection=conn)
                self.assertEqual(resp.status, 200)
                self.assertIn("TableNames", resp.json())
        finally:
            conn.close()

    def test_compression_both_ways_over_tls(self):
        name = unique_name("tlsgz")
        self.tls.create_table(TableName=name, KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
                              AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
                              BillingMode="PAY_PER_REQUEST")
        body = json.dumps({"TableName": name, "Item": {"pk": s("a"), "v": s("y" * 8000)}}).encode()
        conn = self.https_connection()
        try:
            resp = raw_request(self.endpoint, "PutItem", gzip.compress(body), connection=conn,
                               headers={"Content-Encoding": "gzip"})
            self.assertEqual(resp.status, 200, resp.body)
            resp = raw_request(self.endpoint, "Scan", json.dumps({"TableName": name}).encode(),
                               connection=conn, headers={"Accept-Encoding": "gzip"})
            self.assertEqual(resp.status, 200)
            self.assertEqual(resp.headers.get("content-encoding"), "gzip")
            self.assertEqual(json.loads(gzip.decompress(resp.body))["Count"], 1)
        finally:
            conn.close()

    def test_plain_http_on_the_tls_port_fails_and_the_server_lives(self):
        plain = "http://%s:%d" % (self.host, self.port)
        with self.assertRaises((http.client.HTTPException, OSError)):
            resp = raw_request(plain, "ListTables", b"{}")
            # A server that answered in clear text would be a failure too.
            self.fail("plain HTTP was answered: %s" % resp.status)
        self.assertServing()

    def test_garbage_and_silent_connections_do_not_disturb_others(self):
        silent = socket.create_connection((self.host, self.port), timeout=10)
        garbage = socket.create_connection((self.host, self.port), timeout=10)
        try:
            garbage.sendall(os.urandom(4096))
            try:
                while garbage.recv(4096):
                    pass
            except OSError:
                pass  # reset: fine
            self.assertServing()  # while `silent` has not said hello
        finally:
            silent.close()
            garbage.close()
        self.assertServing()

    HANDSHAKE_TIMEOUT_S = 30  # docs/ARCHITECTURE.md: the TLS handshake runs under the 30 s expiry

    def test_a_client_that_never_completes_the_handshake_is_closed_after_the_timeout(self):
        # One connection says nothing at all, one sends the header of a
        # ClientHello record and never its body: both hold a session in the
        # handshake, neither may keep it past the timeout or stop others.
        silent = socket.create_connection((self.host, self.port), timeout=10)
        partial = socket.create_connection((self.host, self.port), timeout=10)
        start = time.monotonic()
        try:
            partial.sendall(b"\x16\x03\x01\x02\x00")  # handshake record of 512 bytes, none sent
            self.assertServing()
            # Well inside the timeout both are still open (recv waits, no EOF).
            for conn in (silent, partial):
                conn.settimeout(max(0.1, self.HANDSHAKE_TIMEOUT_S - 10 - (time.monotonic() - start)))
                with self.assertRaises(socket.timeout):
                    conn.recv(1)
            self.assertServing()
            # By the timeout (and some slack for a loaded machine) the server has closed both.
            for conn in (silent, partial):
                conn.settimeout(max(0.1, self.HANDSHAKE_TIMEOUT_S + 15 - (time.monotonic() - start)))
                try:
                    data = conn.recv(4096)
                except ConnectionResetError:
                    data = b""
                self.assertEqual(data, b"", "the server sent bytes to a client that never said hello")
            elapsed = time.monotonic() - start
            self.assertGreaterEqual(elapsed, self.HANDSHAKE_TIMEOUT_S - 10)
            self.assertLess(elapsed, self.HANDSHAKE_TIMEOUT_S + 15)
        finally:
            silent.close()
            partial.close()
        self.assertServing()

    def test_an_oversized_body_reads_413_over_tls(self):
        with self.assertRaises(ClientError) as ctx:
            self.tls.put_item(TableName="ct_nothing_here", Item={"pk": s("a"), "big": s("x" * (17 * 1024 * 1024))})
        self.assertEqual(ctx.exception.response["ResponseMetadata"]["HTTPStatusCode"], 413)
        self.assertServing()


@unittest.skipIf(is_external(), "starts its own server with TLS")
class TlsIoPerThreadLimitTest(unittest.TestCase):
    """--io-per-thread and --max-connections with TLS: connections beyond the
    limit are closed, the others keep being served."""

    def test_limit_and_io_per_thread_over_tls(self):
        from harness import ServerProcess
        with tempfile.TemporaryDirectory() as tmp:
            cert, key = make_self_signed(tmp)
            server = ServerProcess(["serve", "--port", "0", "--io-per-thread", "--threads", "2",
                                    "--max-connections", "2", "--tls-cert", cert, "--tls-key", key])
            endpoint = server.start()
            try:
                parsed = urllib.parse.urlparse(endpoint)
                context = ssl.create_default_context(cafile=cert)
                held = [http.client.HTTPSConnection(parsed.hostname, parsed.port, timeout=10, context=context)
                        for _ in range(2)]
                for conn in held:
                    self.assertEqual(raw_request(endpoint, "ListTables", b"{}", connection=conn).status, 200)
                extra = http.client.HTTPSConnection(parsed.hostname, parsed.port, timeout=5, context=context)
                with self.assertRaises((http.client.HTTPException, OSError)):
                    raw_request(endpoint, "ListTables", b"{}", connection=extra)
                extra.close()
                for conn in held:
                    self.assertEqual(raw_request(endpoint, "ListTables", b"{}", connection=conn).status, 200)
                    conn.close()
            finally:
                self.assertEqual(server.stop(), 0)


@unittest.skipIf(is_external(), "starts its own servers")
class TlsStartupTest(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.cert, cls.key = make_self_signed(cls.tmp.name)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def test_a_certificate_without_a_key_is_refused(self):
        code, _, err = run_server("--tls-cert", self.cert)
        self.assertNotEqual(code, 0)
        self.assertIn("--tls-key", err)

    def test_a_key_without_a_certificate_is_refused(self):
        code, _, err = run_server("--tls-key", self.key)
        self.assertNotEqual(code, 0)
        self.assertIn("--tls-cert", err)

    def test_a_missing_key_file_is_named(self):
        missing = os.path.join(self.tmp.name, "nope.pem")
        code, out, err = run_server("--tls-cert", self.cert, "--tls-key", missing)
        self.assertNotEqual(code, 0)
        self.assertIn(missing, err)
        self.assertNotIn("listening", out)

    def test_a_file_that_is_no_key_is_refused(self):
        not_a_key = os.path.join(self.tmp.name, "garbage.pem")
        with open(not_a_key, "w") as f:
            f.write("not a key\n")
        code, _, err = run_server("--tls-cert", self.cert, "--tls-key", not_a_key)
        self.assertNotEqual(code, 0)
        self.assertIn("TLS key", err)

    def test_a_key_that_does_not_match_is_refused(self):
        other = tempfile.mkdtemp(dir=self.tmp.name)
        _, other_key = make_self_signed(other)
        code, _, err = run_server("--tls-cert", self.cert, "--tls-key", other_key)
        self.assertNotEqual(code, 0)
        self.assertIn("does not match", err)

    def test_a_file_that_is_no_certificate_is_refused(self):
        code, _, err = run_server("--tls-cert", self.key, "--tls-key", self.key)
        self.assertNotEqual(code, 0)
        self.assertIn("TLS certificate", err)


if __name__ == "__main__":
    unittest.main()
