#!/usr/bin/env python3
"""Builds the fuzzers' seed corpus (tests/fuzz/corpus/<target>/) from the
requests the conformance tests send: it runs the conformance modules with
$DYNAMO_ITEMS_CAPTURE_DIR set (harness.py then keeps every request body), and
turns the bodies into seeds for each fuzz target:

  json_codec  the items, keys and ExpressionAttributeValues maps
  expression  every *Expression member, behind its kind byte
              (0 condition/filter/key condition, 1 update, 2 projection)
  key_codec   key values: a type/cut byte, then the value bytes
  http        whole HTTP/1.1 requests (some with the table renamed to the
              fuzzer's table "fuzz")

Usage: tests/fuzz/make_corpus.py [--bin build/dynamo-items] [modules...]
"""

import argparse
import base64
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
CONFORMANCE = HERE.parent / "conformance"
DEFAULT_MODULES = ["test_items", "test_expressions", "test_query", "test_scan", "test_batch", "test_indexes",
                   "test_transactions", "test_tables", "test_update_table", "test_streams", "test_capacity"]
LIMITS = {"json_codec": 600, "expression": 1500, "key_codec": 400, "http": 500}
MAX_SEED_BYTES = 16384
KIND = {"ConditionExpression": 0, "FilterExpression": 0, "KeyConditionExpression": 0,
        "UpdateExpression": 1, "ProjectionExpression": 2}
TYPES = {"S": 0, "N": 1, "B": 2}


def capture(binary, modules):
    out = Path(tempfile.mkdtemp(prefix="dynamo-items-capture-"))
    env = dict(os.environ, DYNAMO_ITEMS_CAPTURE_DIR=str(out), DYNAMO_ITEMS_BIN=str(binary),
               PYTHONDONTWRITEBYTECODE="1")
    for module in modules:
        print("capturing", module, file=sys.stderr)
        subprocess.run([sys.executable, "-m", "unittest", module], cwd=CONFORMANCE, env=env,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return out


def walk(value, found):
    """Collects item-like maps, expressions and key values from a request."""
    if isinstance(value, dict):
        for name, member in value.items():
            if name in ("Item", "Key", "ExpressionAttributeValues", "ExclusiveStartKey") and isinstance(member, dict):
                found["json_codec"].append(json.dumps(member, separators=(",", ":")).encode())
                for attr in member.values():
                    if isinstance(attr, dict) and len(attr) == 1:
                        (t, v), = attr.items()
                        if t in TYPES and isinstance(v, str):
                            try:
                                raw = base64.b64decode(v) if t == "B" else v.encode()
                            except ValueError:  # the tests send bad base64 on purpose
                                continue
                            found["key_codec"].append(bytes([TYPES[t] + 3 * (len(raw) % 85)]) + raw + raw[::-1])
            elif name in KIND and isinstance(member, str):
                found["expression"].append(bytes([KIND[name]]) + member.encode())
            walk(member, found)
    elif isinstance(value, list):
        for member in value:
            walk(member, found)


def http_request(target, body):
    head = ("POST / HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-amz-json-1.0\r\n"
            "X-Amz-Target: %s\r\nContent-Length: %d\r\n\r\n" % (target, len(body)))
    return head.encode() + body


def seeds(captured):
    found = {name: [] for name in LIMITS}
    for path in sorted(captured.iterdir()):
        target = path.name.rsplit("-", 1)[0]
        body = path.read_bytes()
        try:
            request = json.loads(body)
        except ValueError:
            request = None
        if request is not None:
            walk(request, found)
        found["http"].append(http_request(target, body))
        if isinstance(request, dict) and "TableName" in request:
            request["TableName"] = "fuzz"
            found["http"].append(http_request(target, json.dumps(request).encode()))
    return found


def write(found, out_dir):
    for target, items in found.items():
        folder = out_dir / target
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        unique = {}
        for seed in items:
            if len(seed) <= MAX_SEED_BYTES:
                unique.setdefault(hashlib.sha1(seed).hexdigest(), seed)
        # An even spread over what was captured, not just the first tests.
        keys = sorted(unique)
        step = max(1, len(keys) // LIMITS[target])
        for key in keys[::step][:LIMITS[target]]:
            (folder / key).write_bytes(unique[key])
        print("%-10s %d seeds" % (target, len(list(folder.iterdir()))), file=sys.stderr)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bin", default=str(HERE.parents[1] / "build" / "dynamo-items"))
    parser.add_argument("--out", default=str(HERE / "corpus"))
    parser.add_argument("modules", nargs="*", default=DEFAULT_MODULES)
    args = parser.parse_args()
    captured = capture(Path(args.bin).resolve(), args.modules)
    try:
        write(seeds(captured), Path(args.out))
    finally:
        shutil.rmtree(captured, ignore_errors=True)


if __name__ == "__main__":
    main()
