"""Shared harness for the conformance tests.

Each test module starts its own `dynamo-items serve --port 0` (the binary comes
from $DYNAMO_ITEMS_BIN, default <repo>/build/dynamo-items), reads the first
stdout line `listening on http://HOST:PORT`, and talks to it through boto3, the
AWS CLI, or raw HTTP. At the end the server gets SIGTERM.

Point $DYNAMO_ITEMS_ENDPOINT at another endpoint (DynamoDB Local, AWS) to run
the same assertions there; no server is started then, tests that need to
restart the server skip themselves, and the tables a test creates are deleted
when its class finishes.

Real DynamoDB is the specification: error assertions check the error code that
botocore reports (the `__type` suffix after '#') and the exact message text.
Against an external endpoint only, a message carrying the "1 validation error
detected: " envelope that some AWS regions started adding in 2026 is also
accepted; against dynamo-items the classic wording must match exactly.
"""

import http.client
import json
import os
import queue
import re
import shutil
import signal
import subprocess
import tempfile
import threading
import time
import unittest
import urllib.parse
import uuid
from pathlib import Path

import boto3
import botocore.auth
import botocore.awsrequest
import botocore.credentials
from botocore.config import Config
from botocore.exceptions import ClientError

REPO_ROOT = Path(__file__).resolve().parents[2]
EXTERNAL_ENDPOINT = os.environ.get("DYNAMO_ITEMS_ENDPOINT") or None
REGION = os.environ.get("AWS_DEFAULT_REGION") or os.environ.get("AWS_REGION") or "us-east-1"
API_VERSION = "DynamoDB_20120810"
MAX_ITEM_SIZE = 409600
VALIDATION_ENVELOPE = "1 validation error detected: "
START_TIMEOUT_S = 30
STOP_TIMEOUT_S = 20

os.environ.setdefault("AWS_EC2_METADATA_DISABLED", "true")


def server_binary():
    return os.environ.get("DYNAMO_ITEMS_BIN") or str(REPO_ROOT / "build" / "dynamo-items")


def is_external():
    return EXTERNAL_ENDPOINT is not None


def unique_name(prefix="t"):
    """A table name no other test (or earlier run) uses."""
    return "ct_%s_%s" % (prefix, uuid.uuid4().hex[:12])


def _credentials():
    if is_external():
        found = boto3.session.Session().get_credentials()
        if found is not None:
            return found.get_frozen_credentials()
    return botocore.credentials.ReadOnlyCredentials("AKIDCONFORMANCE", "conformance-secret", None)


CAPTURE_DIR = os.environ.get("DYNAMO_ITEMS_CAPTURE_DIR") or None


def capture_request(target, body):
    """With $DYNAMO_ITEMS_CAPTURE_DIR set, keep every request body the tests
    send (tests/fuzz/make_corpus.py turns them into the fuzzers' seeds)."""
    if CAPTURE_DIR is None or not body:
        return
    if isinstance(body, str):
        body = body.encode("utf-8")
    name = "%s-%s" % (target or "none", uuid.uuid4().hex[:16])
    with open(os.path.join(CAPTURE_DIR, name), "wb") as f:
        f.write(body)


def _capture_boto_request(request, **_kwargs):
    target = request.headers.get("X-Amz-Target")
    if isinstance(target, bytes):
        target = target.decode("utf-8", "replace")
    capture_request(target, request.body)


def make_session():
    creds = _credentials()
    session = boto3.session.Session(
        aws_access_key_id=creds.access_key,
        aws_secret_access_key=creds.secret_key,
        aws_session_token=creds.token,
        region_name=REGION,
    )
    if CAPTURE_DIR is not None:
        session.events.register("before-send", _capture_boto_request)
    return session


def client_config(validate=True):
    return Config(
        retries={"max_attempts": 1, "mode": "standard"},
        parameter_validation=validate,
        connect_timeout=10,
        read_timeout=120,
        max_pool_connections=64,
    )


def make_client(endpoint, validate=True):
    """A low-level DynamoDB client. validate=False sends what botocore would
    refuse client-side (missing members, too-short names, ...) so the server's
    own validation answers."""
    return make_session().client("dynamodb", endpoint_url=endpoint, config=client_config(validate))


def make_resource(endpoint):
    return make_session().resource("dynamodb", endpoint_url=endpoint, config=client_config(True))


class ServerProcess:
    """One `dynamo-items serve` child process."""

    LISTEN_RE = re.compile(r"^listening on (https?://[^\s:]+:(\d+))\s*$")

    def __init__(self, args=None, db_path=None):
        if args is None:
            args = ["serve", "--port", "0"]
            if db_path is not None:
                args += ["--db-path", str(db_path)]
        self.args = [server_binary()] + list(args)
        self.proc = None
        self.endpoint = None
        self._log = None
        self.last_stderr = ""
        self._lines = queue.Queue()

    def start(self):
        binary = self.args[0]
        if not os.path.exists(binary):
            raise RuntimeError("server binary not found: %s (set DYNAMO_ITEMS_BIN)" % binary)
        self._log = tempfile.TemporaryFile()
        self.proc = subprocess.Popen(
            self.args, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=self._log)
        threading.Thread(target=self._pump_stdout, daemon=True).start()
        try:
            first = self._lines.get(timeout=START_TIMEOUT_S)
        except queue.Empty:
            text = self.stderr_text()
            self.kill()
            raise RuntimeError("server printed nothing within %ss; stderr: %s" % (START_TIMEOUT_S, text))
        if first is None:
            code = self.proc.wait()
            text = self.stderr_text()
            self._close()
            raise RuntimeError("server exited (%s) before listening; stderr: %s" % (code, text))
        match = self.LISTEN_RE.match(first.decode("utf-8", "replace"))
        if not match:
            text = self.stderr_text()
            self.kill()
            raise RuntimeError("unexpected first stdout line %r; stderr: %s" % (first, text))
        self.endpoint = match.group(1)
        return self.endpoint

    def _pump_stdout(self):
        # Keep draining stdout so the server never blocks on a full pipe.
        with self.proc.stdout:
            for line in self.proc.stdout:
                self._lines.put(line)
        self._lines.put(None)

    def stderr_text(self):
        if self._log is None:
            return ""
        self._log.seek(0)
        return self._log.read().decode("utf-8", "replace")[-4000:]

    def stop(self, sig=signal.SIGTERM, timeout=STOP_TIMEOUT_S):
        """Signal the server and wait; returns its exit code."""
        if self.proc is None:
            return None
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
            try:
                self.proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.kill()
                raise AssertionError("server did not exit within %ss of %s" % (timeout, sig))
        self._close()
        return self.proc.returncode

    def kill(self):
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        self._close()

    def _close(self):
        if self._log is not None:
            self.last_stderr = self.stderr_text()
            self._log.close()
            self._log = None


class Response:
    """A raw HTTP response: status, lower-cased headers, body bytes."""

    def __init__(self, status, version, headers, body):
        self.status = status
        self.version = version
        self.headers = headers
        self.body = body

    def json(self):
        return json.loads(self.body.decode("utf-8"))

    def error_type(self):
        """The `__type` suffix after '#', as botocore reports it."""
        return self.json().get("__type", "").rsplit("#", 1)[-1]


def signed_headers(endpoint, body, headers):
    """SigV4-sign a request so raw calls also work against real DynamoDB."""
    request = botocore.awsrequest.AWSRequest(method="POST", url=endpoint + "/", data=body, headers=headers)
    botocore.auth.SigV4Auth(_credentials(), "dynamodb", REGION).add_auth(request)
    return dict(request.headers.items())


def raw_request(endpoint, target=None, body=b"{}", headers=None, method="POST", sign=True,
                connection=None, path="/"):
    """Send one request with http.client; `target` may be a bare operation
    name. Pass `connection` to reuse a keep-alive connection."""
    if isinstance(body, (dict, list)):
        body = json.dumps(body).encode("utf-8")
    elif isinstance(body, str):
        body = body.encode("utf-8")
    hdrs = {}
    if method == "POST":
        hdrs["Content-Type"] = "application/x-amz-json-1.0"
    if target is not None:
        hdrs["X-Amz-Target"] = target if "." in target else "%s.%s" % (API_VERSION, target)
    hdrs.update(headers or {})
    if sign and method == "POST":
        hdrs = signed_headers(endpoint, body, hdrs)
    capture_request(hdrs.get("X-Amz-Target"), body)
    own = connection is None
    if own:
        connection = open_connection(endpoint)
    try:
        connection.request(method, path, body=body if method == "POST" else None, headers=hdrs)
        resp = connection.getresponse()
        data = resp.read()
        return Response(resp.status, resp.version,
                        {k.lower(): v for k, v in resp.getheaders()}, data)
    finally:
        if own:
            connection.close()


def open_connection(endpoint, timeout=30):
    parsed = urllib.parse.urlparse(endpoint)
    if parsed.scheme == "https":
        return http.client.HTTPSConnection(parsed.hostname, parsed.port or 443, timeout=timeout)
    return http.client.HTTPConnection(parsed.hostname, parsed.port or 80, timeout=timeout)


def aws_cli_env():
    env = dict(os.environ)
    creds = _credentials()
    env["AWS_ACCESS_KEY_ID"] = creds.access_key
    env["AWS_SECRET_ACCESS_KEY"] = creds.secret_key
    if creds.token:
        env["AWS_SESSION_TOKEN"] = creds.token
    else:
        env.pop("AWS_SESSION_TOKEN", None)
    env["AWS_DEFAULT_REGION"] = REGION
    env["AWS_PAGER"] = ""
    env.pop("AWS_PROFILE", None)
    if not is_external():
        env["AWS_CONFIG_FILE"] = os.devnull
        env["AWS_SHARED_CREDENTIALS_FILE"] = os.devnull
    return env


def run_aws(endpoint, *args, check=True, timeout=120):
    """Run `aws dynamodb <args> --endpoint-url E --output json`; returns
    (CompletedProcess, parsed stdout JSON or None)."""
    aws = shutil.which("aws")
    if aws is None:
        raise AssertionError("the aws CLI is not installed (./dev deps installs it)")
    cmd = [aws, "dynamodb"] + [str(a) for a in args] + ["--endpoint-url", endpoint, "--output", "json"]
    proc = subprocess.run(cmd, env=aws_cli_env(), capture_output=True, text=True, timeout=timeout)
    if check and proc.returncode != 0:
        raise AssertionError("aws %s failed (%d): %s" % (" ".join(map(str, args)), proc.returncode, proc.stderr))
    out = proc.stdout.strip()
    return proc, (json.loads(out) if out else None)


def sort_sets(value):
    """Low-level AttributeValue (or item) with set members sorted, so sets
    compare as sets; DynamoDB does not promise an order for them."""
    if isinstance(value, dict):
        out = {}
        for k, v in value.items():
            if k in ("SS", "BS") and isinstance(v, list):
                out[k] = sorted(v)
            elif k == "NS" and isinstance(v, list):
                out[k] = sorted(v, key=lambda n: (float(n), n))
            else:
                out[k] = sort_sets(v)
        return out
    if isinstance(value, list):
        return [sort_sets(v) for v in value]
    return value


class DynamoTestCase(unittest.TestCase):
    """Base class: one server per test class, a validating client
    (`self.ddb`), a non-validating one (`self.raw`), table helpers and error
    assertions."""

    server = None
    endpoint = None
    maxDiff = None
    server_args = None  # arguments for the test's own server (None: the default)

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._tables = []
        if is_external():
            cls.server = None
            cls.endpoint = EXTERNAL_ENDPOINT.rstrip("/")
        else:
            cls.server = ServerProcess(cls.server_args)
            cls.endpoint = cls.server.start()
        cls.ddb = make_client(cls.endpoint)
        cls.raw = make_client(cls.endpoint, validate=False)

    @classmethod
    def tearDownClass(cls):
        try:
            if is_external():
                for name in cls._tables:
                    try:
                        cls.ddb.delete_table(TableName=name)
                    except ClientError:
                        pass
        finally:
            code = cls.server.stop() if cls.server is not None else 0
            super().tearDownClass()
        if code != 0:
            raise AssertionError("server did not exit cleanly on SIGTERM (exit code %s); stderr:\n%s"
                                 % (code, cls.server.last_stderr))

    # ---- tables -------------------------------------------------------------

    @classmethod
    def create_table(cls, hash_key=("pk", "S"), range_key=None, name=None, prefix="t",
                     billing="PAY_PER_REQUEST", throughput=None, wait=True):
        """Create a table and return its name; it is ACTIVE on return."""
        name = name or unique_name(prefix)
        defs = [{"AttributeName": hash_key[0], "AttributeType": hash_key[1]}]
        schema = [{"AttributeName": hash_key[0], "KeyType": "HASH"}]
        if range_key is not None:
            defs.append({"AttributeName": range_key[0], "AttributeType": range_key[1]})
            schema.append({"AttributeName": range_key[0], "KeyType": "RANGE"})
        params = {"TableName": name, "AttributeDefinitions": defs, "KeySchema": schema}
        if billing == "PAY_PER_REQUEST":
            params["BillingMode"] = "PAY_PER_REQUEST"
        else:
            params["ProvisionedThroughput"] = throughput or {"ReadCapacityUnits": 5, "WriteCapacityUnits": 5}
            if billing is not None:
                params["BillingMode"] = billing
        cls.ddb.create_table(**params)
        cls._tables.append(name)
        if wait:
            cls.wait_active(name)
        return name

    @classmethod
    def wait_active(cls, name):
        # dynamo-items makes tables ACTIVE at once; only a remote endpoint needs polling.
        if is_external():
            cls.ddb.get_waiter("table_exists").wait(
                TableName=name, WaiterConfig={"Delay": 2, "MaxAttempts": 90})

    @classmethod
    def wait_deleted(cls, name):
        if is_external():
            cls.ddb.get_waiter("table_not_exists").wait(
                TableName=name, WaiterConfig={"Delay": 2, "MaxAttempts": 90})

    # ---- items --------------------------------------------------------------

    def put(self, table, item, **kw):
        return self.ddb.put_item(TableName=table, Item=item, **kw)

    def get(self, table, key, **kw):
        """The item at `key` (strongly consistent), or None."""
        kw.setdefault("ConsistentRead", True)
        return self.ddb.get_item(TableName=table, Key=key, **kw).get("Item")

    # ---- raw HTTP -----------------------------------------------------------

    def request(self, target=None, body=b"{}", **kw):
        return raw_request(self.endpoint, target, body, **kw)

    def aws(self, *args, **kw):
        return run_aws(self.endpoint, *args, **kw)

    # ---- assertions ---------------------------------------------------------

    def assertMessage(self, actual, expected):
        if actual == expected:
            return
        if is_external() and actual == VALIDATION_ENVELOPE + expected:
            return
        self.fail("error message differs\n  expected: %r\n  actual:   %r" % (expected, actual))

    def assertDynamoError(self, call, code, message=None, *, regex=None, status=400):
        """`call()` must fail with error `code` (botocore's Error.Code, i.e.
        the __type suffix) and, when given, exactly `message` or a message
        matching the full `regex`. Returns the ClientError."""
        with self.assertRaises(ClientError) as cm:
            call()
        err = cm.exception.response.get("Error", {})
        actual_message = err.get("Message")
        self.assertEqual(err.get("Code"), code,
                         "expected %s, got %s: %r" % (code, err.get("Code"), actual_message))
        self.assertEqual(cm.exception.response["ResponseMetadata"]["HTTPStatusCode"], status)
        if message is not None:
            self.assertMessage(actual_message, message)
        if regex is not None:
            pattern = regex if not is_external() else "(?:%s)?(?:%s)" % (re.escape(VALIDATION_ENVELOPE), regex)
            self.assertIsNotNone(re.fullmatch(pattern, actual_message or "", re.DOTALL),
                                 "message %r does not match %r" % (actual_message, regex))
        return cm.exception

    def assertValidation(self, call, message=None, *, regex=None):
        return self.assertDynamoError(call, "ValidationException", message, regex=regex)

    def assertValidationList(self, call, parts):
        """A 'N validation errors detected: a; b; c' message whose parts may
        come in any order (DynamoDB does not keep one)."""
        err = self.assertDynamoError(call, "ValidationException")
        message = err.response["Error"]["Message"]
        prefix = "%d validation error%s detected: " % (len(parts), "" if len(parts) == 1 else "s")
        self.assertTrue(message.startswith(prefix), "message %r lacks prefix %r" % (message, prefix))
        self.assertCountEqual(message[len(prefix):].split("; "), parts)
        return err

    def assertConditionFailed(self, call):
        return self.assertDynamoError(call, "ConditionalCheckFailedException", "The conditional request failed")

    def assertItemEqual(self, actual, expected):
        self.assertEqual(sort_sets(actual), sort_sets(expected))
