"""Nothing acknowledged is lost: a persistent server under write load is killed
with SIGKILL several times, or stopped with SIGTERM, and every write that got a
200 answer is found after the restart, with the value that was acknowledged.

Writers use raw keep-alive HTTP connections (no retries), so an answer seen
here is exactly an answer the server sent.
"""

import shutil
import signal
import tempfile
import threading
import time
import unittest

from harness import (ServerProcess, is_external, make_client, open_connection, raw_request, unique_name)

WRITERS = 4
LOAD_SECONDS = 1.5


def create_table(ddb, name):
    ddb.create_table(
        TableName=name,
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"},
                              {"AttributeName": "sk", "AttributeType": "N"}],
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
        BillingMode="PAY_PER_REQUEST")


class Writer(threading.Thread):
    """PutItem of fresh keys and ADD on one counter, one request at a time on
    one connection, until told to stop or the server goes away. Records what
    was acknowledged."""

    def __init__(self, endpoint, table, writer_no, round_no):
        super().__init__(daemon=True)
        self.endpoint, self.table = endpoint, table
        self.pk = "w%d-r%d" % (writer_no, round_no)
        self.acked_puts = []    # sort keys acknowledged
        self.acked_adds = 0     # ADD 1 acknowledged on the counter item
        self.stop_flag = threading.Event()

    def run(self):
        try:
            conn = open_connection(self.endpoint, timeout=10)
        except OSError:
            return
        n = 0
        try:
            while not self.stop_flag.is_set():
                n += 1
                if n % 5 == 0:
                    body = {"TableName": self.table,
                            "Key": {"pk": {"S": self.pk}, "sk": {"N": "-1"}},
                            "UpdateExpression": "ADD c :one",
                            "ExpressionAttributeValues": {":one": {"N": "1"}}}
                    res = raw_request(self.endpoint, "UpdateItem", body, connection=conn)
                    if res.status == 200:
                        self.acked_adds += 1
                    continue
                body = {"TableName": self.table,
                        "Item": {"pk": {"S": self.pk}, "sk": {"N": str(n)}, "v": {"S": "value-%d" % n}}}
                res = raw_request(self.endpoint, "PutItem", body, connection=conn)
                if res.status == 200:
                    self.acked_puts.append(n)
        except Exception:  # noqa: BLE001
            # The server went away mid-request: that write was not acknowledged.
            pass
        finally:
            conn.close()


@unittest.skipIf(is_external(), "kills and restarts the server, which needs a local dynamo-items")
class DurabilityTest(unittest.TestCase):

    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="dynamo-items-durability-")
        self.server = None

    def tearDown(self):
        if self.server is not None:
            self.server.kill()
        shutil.rmtree(self.dir, ignore_errors=True)

    def start(self):
        self.server = ServerProcess(db_path=self.dir)
        endpoint = self.server.start()
        return endpoint, make_client(endpoint)

    def load(self, endpoint, table, round_no):
        writers = [Writer(endpoint, table, w, round_no) for w in range(WRITERS)]
        for w in writers:
            w.start()
        time.sleep(LOAD_SECONDS)
        return writers

    def check(self, ddb, table, writers):
        for w in writers:
            found = {}
            kwargs = {"TableName": table, "KeyConditionExpression": "pk = :p",
                      "ExpressionAttributeValues": {":p": {"S": w.pk}}, "ConsistentRead": True}
            while True:
                page = ddb.query(**kwargs)
                for item in page["Items"]:
                    found[int(item["sk"]["N"])] = item
                if "LastEvaluatedKey" not in page:
                    break
                kwargs["ExclusiveStartKey"] = page["LastEvaluatedKey"]
            for n in w.acked_puts:
                self.assertIn(n, found, "acknowledged PutItem %s/%d lost" % (w.pk, n))
                self.assertEqual(found[n]["v"]["S"], "value-%d" % n)
            counter = int(found[-1]["c"]["N"]) if -1 in found else 0
            # Every acknowledged ADD is applied; one more may have been applied
            # whose answer the kill swallowed.
            self.assertGreaterEqual(counter, w.acked_adds, "acknowledged ADDs lost on %s" % w.pk)
            self.assertLessEqual(counter, w.acked_adds + 1)

    def test_sigkill_under_load_loses_no_acknowledged_write(self):
        endpoint, ddb = self.start()
        table = unique_name("durable")
        create_table(ddb, table)
        rounds, acknowledged = [], 0
        for round_no in range(3):
            writers = self.load(endpoint, table, round_no)
            self.server.proc.send_signal(signal.SIGKILL)  # mid-load, no warning
            self.server.proc.wait()
            for w in writers:
                w.stop_flag.set()
                w.join(timeout=15)
            self.server.kill()
            rounds.append(writers)
            acknowledged += sum(len(w.acked_puts) + w.acked_adds for w in writers)
            endpoint, ddb = self.start()
            for done in rounds:  # every earlier round too: nothing is lost later
                self.check(ddb, table, done)
        self.assertGreater(acknowledged, 300, "the load must actually write something")

    def test_sigterm_under_load_finishes_in_flight_requests_and_loses_nothing(self):
        endpoint, ddb = self.start()
        table = unique_name("term")
        create_table(ddb, table)
        writers = self.load(endpoint, table, 0)
        code = self.server.stop(signal.SIGTERM)
        self.assertEqual(code, 0, "SIGTERM must stop the server cleanly")
        for w in writers:
            w.stop_flag.set()
            w.join(timeout=15)
            self.assertFalse(w.is_alive(), "a writer hung: a request in flight was never answered or closed")
        self.server = None
        endpoint, ddb = self.start()
        self.check(ddb, table, writers)
        for w in writers:  # the ADD counter is exact: nothing half-done at shutdown
            page = ddb.get_item(TableName=table, Key={"pk": {"S": w.pk}, "sk": {"N": "-1"}}, ConsistentRead=True)
            counter = int(page["Item"]["c"]["N"]) if "Item" in page else 0
            self.assertIn(counter, (w.acked_adds, w.acked_adds + 1))
        self.assertGreater(sum(len(w.acked_puts) for w in writers), 100)


if __name__ == "__main__":
    unittest.main()
