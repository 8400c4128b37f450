#!/usr/bin/env python3
"""Runs the client examples (client/examples/) on both transports, in-process
and over HTTP against `dynamo-items serve`, and compares the DynamoDB JSON
they store with the seed README's, ids and timestamps aside. Also checks
that each id and timestamp is the same in the key and in its attribute.

Usage: run_examples.py BUILD_DIR
"""
import json
import os
import re
import signal
import subprocess
import sys

UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
TIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z")

# The seed README's items, with <uuid> and <time> for the values that change.
SIMPLE = [{
    "pk": {"S": "CC#<uuid>"},
    "command_id": {"S": "<uuid>"},
    "retry": {"N": "0"},
    "status": {"S": "pending"},
}]
COLLECTIONS = [{
    "pk": {"S": "CD#<uuid>"},
    "sk": {"S": "CCO#<uuid>"},
    "command_id": {"S": "<uuid>"},
    "device_id": {"S": "<uuid>"},
    "retry": {"N": "0"},
    "status": {"S": "pending"},
}, {
    "pk": {"S": "CD#<uuid>"},
    "sk": {"S": "CT#<time>"},
    "device_id": {"S": "<uuid>"},
    "log": {"S": "Something happened!"},
    "timestamp": {"S": "<time>"},
}]


def normalize(text):
    return TIME.sub("<time>", UUID.sub("<uuid>", text))


def run_example(build_dir, name, env, expected):
    out = subprocess.run([os.path.join(build_dir, name)], env=env, capture_output=True, text=True, timeout=60)
    if out.returncode != 0:
        return [f"{name} exited {out.returncode}: {out.stderr.strip()}"]
    lines = [line for line in out.stdout.splitlines() if line.strip()]
    items = [json.loads(line) for line in lines]
    problems = []
    if len(items) != len(expected):
        return [f"{name}: {len(items)} items, expected {len(expected)}"]
    for item, want in zip(items, expected):
        got = json.loads(normalize(json.dumps(item)))
        if got != want:
            problems.append(f"{name}: stored {json.dumps(item, sort_keys=True)}, expected {json.dumps(want, sort_keys=True)}")
        if "sk" in item and "timestamp" in item and item["sk"]["S"] != "CT#" + item["timestamp"]["S"]:
            problems.append(f"{name}: sort key {item['sk']['S']} and timestamp {item['timestamp']['S']} differ")
        for key, attr in (("pk", "command_id"),) if "sk" not in item else (("pk", "device_id"), ("sk", "command_id")):
            if attr in item and item[key]["S"].split("#", 1)[1] != item[attr]["S"]:
                problems.append(f"{name}: {key} {item[key]['S']} does not carry {attr} {item[attr]['S']}")
    return problems


def base_env():
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env.pop("DYDB_TABLE_NAME", None)
    return env


def main():
    build_dir = sys.argv[1] if len(sys.argv) > 1 else "build"
    passed, failed = 0, 0

    def record(mode, problems):
        nonlocal passed, failed
        for p in problems:
            print(f"FAIL [{mode}] {p}")
        if problems:
            failed += 1
        else:
            passed += 1

    env = base_env()
    record("in-process", run_example(build_dir, "client_simple_usage", env, SIMPLE))
    record("in-process", run_example(build_dir, "client_item_collections", env, COLLECTIONS))

    server = subprocess.Popen([os.path.join(build_dir, "dynamo-items"), "serve", "--host", "127.0.0.1", "--port", "0"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = server.stdout.readline()
        match = re.search(r"listening on (http://\S+)", line)
        if not match:
            print(f"FAIL [http] server did not start: {line!r} {server.stderr.read() if server.poll() is not None else ''}")
            failed += 2
        else:
            env = base_env()
            env.update({"AWS_ENDPOINT_URL": match.group(1), "AWS_REGION": "us-east-1",
                        "AWS_ACCESS_KEY_ID": "AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY": "secret"})
            record("http", run_example(build_dir, "client_simple_usage", env, SIMPLE))
            record("http", run_example(build_dir, "client_item_collections", env, COLLECTIONS))
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
