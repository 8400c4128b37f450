"""Many clients at once on the same items: ADD counters, racing conditional
puts and balance-moving transactions run together, and every outcome is exact.

- counters: the final value is the number of acknowledged ADDs;
- conditional puts (attribute_not_exists): one winner per key, and the stored
  item is the winner's;
- transfers (TransactWriteItems with a balance >= amount condition): the final
  balances are the initial ones plus exactly the acknowledged transfers, none
  goes negative, and a cancelled transfer changed nothing.
"""

import random
import threading
import unittest

from botocore.exceptions import ClientError

from harness import DynamoTestCase, make_client

CLIENTS = 12
ROUNDS = 30
COUNTERS = 4
RACE_KEYS = 20
ACCOUNTS = 5
START_BALANCE = 100


def s(v):
    return {"S": v}


def n(v):
    return {"N": str(v)}


class ConcurrencyTest(DynamoTestCase):

    def test_mixed_workload_is_exact(self):
        table = self.create_table(hash_key=("id", "S"), prefix="conc")
        for a in range(ACCOUNTS):
            self.ddb.put_item(TableName=table, Item={"id": s("acct%d" % a), "balance": n(START_BALANCE)})

        adds = [[0] * COUNTERS for _ in range(CLIENTS)]
        wins = [[] for _ in range(CLIENTS)]
        transfers = [[] for _ in range(CLIENTS)]
        errors = []
        barrier = threading.Barrier(CLIENTS)

        def client(c):
            ddb = make_client(self.endpoint)
            rng = random.Random(c)
            barrier.wait()
            for r in range(ROUNDS):
                try:
                    k = rng.randrange(COUNTERS)
                    ddb.update_item(TableName=table, Key={"id": s("counter%d" % k)},
                                    UpdateExpression="ADD hits :one", ExpressionAttributeValues={":one": n(1)})
                    adds[c][k] += 1

                    key = "race%d" % ((r + c) % RACE_KEYS)
                    try:
                        ddb.put_item(TableName=table, Item={"id": s(key), "owner": n(c)},
                                     ConditionExpression="attribute_not_exists(id)")
                        wins[c].append(key)
                    except ClientError as e:
                        if e.response["Error"]["Code"] != "ConditionalCheckFailedException":
                            raise

                    src, dst = rng.sample(range(ACCOUNTS), 2)
                    amount = rng.randint(1, 60)
                    try:
                        ddb.transact_write_items(TransactItems=[
                            {"Update": {"TableName": table, "Key": {"id": s("acct%d" % src)},
                                        "UpdateExpression": "SET balance = balance - :a",
                                        "ConditionExpression": "balance >= :a",
                                        "ExpressionAttributeValues": {":a": n(amount)}}},
                            {"Update": {"TableName": table, "Key": {"id": s("acct%d" % dst)},
                                        "UpdateExpression": "SET balance = balance + :a",
                                        "ExpressionAttributeValues": {":a": n(amount)}}},
                        ])
                        transfers[c].append((src, dst, amount))
                    except ClientError as e:
                        # Cancelled: by the balance condition, or by a conflicting
                        # transaction in flight (TransactionConflict); both change nothing.
                        if e.response["Error"]["Code"] != "TransactionCanceledException":
                            raise
                except Exception as exc:  # noqa: BLE001 -- reported below
                    errors.append(exc)

        threads = [threading.Thread(target=client, args=(c,)) for c in range(CLIENTS)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(300)
        self.assertEqual(errors, [])

        for k in range(COUNTERS):
            expected = sum(adds[c][k] for c in range(CLIENTS))
            item = self.ddb.get_item(TableName=table, Key={"id": s("counter%d" % k)}, ConsistentRead=True).get("Item")
            got = int(item["hits"]["N"]) if item else 0
            self.assertEqual(got, expected, "counter%d" % k)
        self.assertEqual(sum(map(sum, adds)), CLIENTS * ROUNDS)

        winners = {}
        for c in range(CLIENTS):
            for key in wins[c]:
                self.assertNotIn(key, winners, "two winners for %s" % key)
                winners[key] = c
        self.assertEqual(len(winners), RACE_KEYS, "every raced key has exactly one winner")
        for key, c in winners.items():
            item = self.ddb.get_item(TableName=table, Key={"id": s(key)}, ConsistentRead=True)["Item"]
            self.assertEqual(item["owner"], n(c), key)

        expected = [START_BALANCE] * ACCOUNTS
        for done in transfers:
            for src, dst, amount in done:
                expected[src] -= amount
                expected[dst] += amount
        got = [int(self.ddb.get_item(TableName=table, Key={"id": s("acct%d" % a)},
                                     ConsistentRead=True)["Item"]["balance"]["N"]) for a in range(ACCOUNTS)]
        self.assertEqual(got, expected)
        self.assertEqual(sum(got), START_BALANCE * ACCOUNTS)
        self.assertTrue(all(b >= 0 for b in got), got)
        self.assertGreater(sum(map(len, transfers)), 0, "some transfers must succeed")


if __name__ == "__main__":
    unittest.main()
