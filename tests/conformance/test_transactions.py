"""TransactWriteItems and TransactGetItems through boto3: all or nothing,
cancellation reasons per action (with the old item when asked), one
operation per item, isolation under concurrent transfers; plus Time to Live
and table tags, which tools call alongside."""

import threading
import time
import unittest

from botocore.exceptions import ClientError

from harness import DynamoTestCase, unique_name


def s(v):
    return {"S": v}


def n(v):
    return {"N": str(v)}


class TransactionsTest(DynamoTestCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.table = cls.create_table(hash_key=("id", "S"), prefix="tx")

    def transfer(self, src, dst, amount):
        return [
            {"Update": {"TableName": self.table, "Key": {"id": s(src)},
                        "UpdateExpression": "SET n = n - :a", "ConditionExpression": "n >= :a",
                        "ExpressionAttributeValues": {":a": n(amount)},
                        "ReturnValuesOnConditionCheckFailure": "ALL_OLD"}},
            {"Update": {"TableName": self.table, "Key": {"id": s(dst)},
                        "UpdateExpression": "SET n = n + :a", "ExpressionAttributeValues": {":a": n(amount)}}},
        ]

    def balance(self, key):
        item = self.get(self.table, {"id": s(key)})
        return None if item is None else int(item["n"]["N"])

    def test_all_actions_apply_together(self):
        self.put(self.table, {"id": s("a1"), "n": n(10)})
        self.put(self.table, {"id": s("b1"), "n": n(0)})
        self.ddb.transact_write_items(TransactItems=self.transfer("a1", "b1", 4) + [
            {"Put": {"TableName": self.table, "Item": {"id": s("log1"), "what": s("moved 4")},
                     "ConditionExpression": "attribute_not_exists(id)"}},
            {"ConditionCheck": {"TableName": self.table, "Key": {"id": s("guard1")},
                                "ConditionExpression": "attribute_not_exists(id)"}},
        ])
        self.assertEqual((self.balance("a1"), self.balance("b1")), (6, 4))
        self.assertEqual(self.get(self.table, {"id": s("log1")})["what"], s("moved 4"))

    def test_failed_condition_cancels_everything_with_reasons(self):
        self.put(self.table, {"id": s("a2"), "n": n(3)})
        self.put(self.table, {"id": s("b2"), "n": n(0)})
        with self.assertRaises(ClientError) as cm:
            self.ddb.transact_write_items(TransactItems=self.transfer("a2", "b2", 5))
        err = cm.exception.response
        self.assertEqual(err["Error"]["Code"], "TransactionCanceledException")
        self.assertEqual(err["Error"]["Message"],
                         "Transaction cancelled, please refer cancellation reasons for specific reasons "
                         "[ConditionalCheckFailed, None]")
        reasons = err["CancellationReasons"]
        self.assertEqual([r["Code"] for r in reasons], ["ConditionalCheckFailed", "None"])
        self.assertEqual(reasons[0]["Item"], {"id": s("a2"), "n": n(3)})
        self.assertEqual((self.balance("a2"), self.balance("b2")), (3, 0))

    def test_client_request_token_makes_a_retry_harmless(self):
        self.put(self.table, {"id": s("tok"), "n": n(0)})
        add = [{"Update": {"TableName": self.table, "Key": {"id": s("tok")}, "UpdateExpression": "ADD n :one",
                           "ExpressionAttributeValues": {":one": n(1)}}}]
        token = "retry-" + unique_name("t")
        self.ddb.transact_write_items(TransactItems=add, ClientRequestToken=token)
        self.ddb.transact_write_items(TransactItems=add, ClientRequestToken=token)  # a retry: applied once
        self.assertEqual(self.balance("tok"), 1)
        other = [dict(add[0], Update=dict(add[0]["Update"], ExpressionAttributeValues={":one": n(2)}))]
        self.assertDynamoError(lambda: self.ddb.transact_write_items(TransactItems=other, ClientRequestToken=token),
                               "IdempotentParameterMismatchException",
                               "The request uses the same client token as a previous, but non-identical request.")
        self.ddb.transact_write_items(TransactItems=add, ClientRequestToken=token + "-2")
        self.assertEqual(self.balance("tok"), 2)
        # A cancelled transaction does not hold its token.
        failing = [{"ConditionCheck": {"TableName": self.table, "Key": {"id": s("tok")},
                                       "ConditionExpression": "attribute_not_exists(id)"}}]
        for _ in range(2):
            self.assertDynamoError(
                lambda: self.ddb.transact_write_items(TransactItems=failing, ClientRequestToken=token + "-3"),
                "TransactionCanceledException")

    def cancelled(self, call):
        with self.assertRaises(ClientError) as cm:
            call()
        err = cm.exception.response
        self.assertEqual(err["Error"]["Code"], "TransactionCanceledException")
        return [(r["Code"], r.get("Message")) for r in err["CancellationReasons"]]

    def test_key_problems_cancel_but_empty_keys_refuse_the_request(self):
        put = {"Put": {"TableName": self.table, "Item": {"id": n(5)}}}
        self.assertEqual(self.cancelled(lambda: self.raw.transact_write_items(TransactItems=[put])),
                         [("ValidationError", "One or more parameter values were invalid: Type mismatch for key id "
                                              "expected: S actual: N")])
        delete = {"Delete": {"TableName": self.table, "Key": {"id": n(5)}}}
        ok = {"ConditionCheck": {"TableName": self.table, "Key": {"id": s("other")},
                                 "ConditionExpression": "attribute_not_exists(id)"}}
        self.assertEqual(self.cancelled(lambda: self.raw.transact_write_items(TransactItems=[ok, delete])),
                         [("None", None), ("ValidationError", "The provided key element does not match the schema")])
        get = {"Get": {"TableName": self.table, "Key": {}}}
        self.assertEqual([code for code, _ in self.cancelled(
            lambda: self.raw.transact_get_items(TransactItems=[get]))], ["ValidationError"])
        self.assertValidation(
            lambda: self.raw.transact_write_items(TransactItems=[{"Put": {"TableName": self.table,
                                                                          "Item": {"id": s("")}}}]),
            regex=r"One or more parameter values are not valid\. The AttributeValue for a key attribute cannot "
                  r"contain an empty string value\..*")

    def test_index_key_problems_in_transactions(self):
        table = unique_name("txix")
        self.ddb.create_table(
            TableName=table, BillingMode="PAY_PER_REQUEST",
            AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"},
                                  {"AttributeName": "g", "AttributeType": "S"}],
            KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
            GlobalSecondaryIndexes=[{"IndexName": "byG", "Projection": {"ProjectionType": "ALL"},
                                     "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}]}])
        put = {"Put": {"TableName": table, "Item": {"id": s("a"), "g": n(1)}}}
        self.assertEqual(self.cancelled(lambda: self.ddb.transact_write_items(TransactItems=[put])),
                         [("ValidationError", "One or more parameter values were invalid: Type mismatch for Index "
                                              "Key g Expected: S Actual: N IndexName: byG")])
        update = {"Update": {"TableName": table, "Key": {"id": s("a")}, "UpdateExpression": "SET g = :v",
                             "ExpressionAttributeValues": {":v": s("")}}}
        empty_update = ("One or more parameter values are not valid. The update expression attempted to update a "
                        "secondary index key to a value that is not supported. The AttributeValue for a key "
                        "attribute cannot contain an empty string value.")
        self.assertValidation(lambda: self.ddb.transact_write_items(TransactItems=[update]), empty_update)
        self.assertValidation(lambda: self.ddb.update_item(TableName=table, Key={"id": s("a")},
                                                           UpdateExpression="SET g = :v",
                                                           ExpressionAttributeValues={":v": s("")}), empty_update)

    def test_one_item_once(self):
        self.assertValidation(
            lambda: self.ddb.transact_write_items(TransactItems=self.transfer("a3", "a3", 1)),
            "Transaction request cannot include multiple operations on one item")

    def test_delete_and_get(self):
        self.put(self.table, {"id": s("d1"), "n": n(1)})
        self.ddb.transact_write_items(TransactItems=[{"Delete": {"TableName": self.table, "Key": {"id": s("d1")}}}])
        got = self.ddb.transact_get_items(TransactItems=[
            {"Get": {"TableName": self.table, "Key": {"id": s("d1")}}},
            {"Get": {"TableName": self.table, "Key": {"id": s("a1")}, "ProjectionExpression": "id"}},
        ])["Responses"]
        self.assertEqual(got[0], {})
        self.assertEqual(len(got), 2)

    def test_concurrent_transfers_keep_the_total(self):
        ids = ["c%d" % i for i in range(3)]
        for i in ids:
            self.put(self.table, {"id": s(i), "n": n(50)})

        def worker(w):
            for k in range(40):
                try:
                    self.ddb.transact_write_items(
                        TransactItems=self.transfer(ids[(w + k) % 3], ids[(w + k + 1) % 3], 1 + k % 5))
                except ClientError as e:
                    if e.response["Error"]["Code"] != "TransactionCanceledException":
                        raise

        threads = [threading.Thread(target=worker, args=(w,)) for w in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        balances = [self.balance(i) for i in ids]
        self.assertEqual(sum(balances), 150)
        self.assertTrue(all(b >= 0 for b in balances), balances)


class TimeToLiveAndTagsTest(DynamoTestCase):

    def test_ttl_describe_update_and_expiry(self):
        table = self.create_table(hash_key=("id", "S"), prefix="ttl")
        self.assertEqual(self.ddb.describe_time_to_live(TableName=table)["TimeToLiveDescription"],
                         {"TimeToLiveStatus": "DISABLED"})
        resp = self.ddb.update_time_to_live(
            TableName=table, TimeToLiveSpecification={"Enabled": True, "AttributeName": "exp"})
        self.assertEqual(resp["TimeToLiveSpecification"], {"Enabled": True, "AttributeName": "exp"})
        self.assertEqual(self.ddb.describe_time_to_live(TableName=table)["TimeToLiveDescription"],
                         {"TimeToLiveStatus": "ENABLED", "AttributeName": "exp"})
        self.assertValidation(lambda: self.ddb.update_time_to_live(
            TableName=table, TimeToLiveSpecification={"Enabled": True, "AttributeName": "exp"}),
            "TimeToLive is already enabled")
        now = int(time.time())
        self.put(table, {"id": s("old"), "exp": n(now - 10)})
        self.put(table, {"id": s("new"), "exp": n(now + 3600)})
        deadline = time.time() + 15
        while self.get(table, {"id": s("old")}) is not None and time.time() < deadline:
            time.sleep(0.2)
        self.assertIsNone(self.get(table, {"id": s("old")}))
        self.assertIsNotNone(self.get(table, {"id": s("new")}))

    def test_tags_need_an_arn(self):
        self.assertValidation(
            lambda: self.ddb.tag_resource(ResourceArn="not-a-valid-arn", Tags=[{"Key": "env", "Value": "test"}]),
            "One or more parameter values were invalid: ARNs must start with 'arn:': not-a-valid-arn")

    def table_arn(self):
        table = self.create_table(hash_key=("id", "S"), prefix="tags")
        return self.ddb.describe_table(TableName=table)["Table"]["TableArn"]

    def test_tag_arns_of_another_region_account_or_missing_table(self):
        arn = self.table_arn()
        parts = arn.split(":")
        other_region = ":".join(parts[:3] + ["eu-west-3" if parts[3] != "eu-west-3" else "us-west-1"] + parts[4:])
        self.assertValidation(lambda: self.ddb.list_tags_of_resource(ResourceArn=other_region),
                              "Invalid TableArn: Invalid ResourceArn provided as input " + other_region)
        other_account = ":".join(parts[:4] + ["999999999999" if parts[4] != "999999999999" else "111111111111"]
                                 + parts[5:])
        self.assertDynamoError(lambda: self.ddb.list_tags_of_resource(ResourceArn=other_account),
                               "AccessDeniedException")
        missing = arn.rsplit("/", 1)[0] + "/nonexistent_table_xyz"
        self.assertDynamoError(lambda: self.ddb.list_tags_of_resource(ResourceArn=missing),
                               "ResourceNotFoundException",
                               "Requested resource not found: ResourcArn: %s not found" % missing)
        not_dynamodb = "arn:aws:s3:::bucket"
        self.assertValidation(lambda: self.ddb.tag_resource(ResourceArn=not_dynamodb,
                                                            Tags=[{"Key": "k", "Value": "v"}]),
                              "One or more parameter values were invalid: Provided Arn is not a DynamoDB resource "
                              "arn: " + not_dynamodb)

    def test_tagging_an_index_arn_is_refused(self):
        table = self.create_table(hash_key=("id", "S"), prefix="tagix")
        self.ddb.update_table(TableName=table, AttributeDefinitions=[{"AttributeName": "g", "AttributeType": "S"}],
                              GlobalSecondaryIndexUpdates=[{"Create": {
                                  "IndexName": "byg", "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}],
                                  "Projection": {"ProjectionType": "ALL"}}}])
        index_arn = self.ddb.describe_table(TableName=table)["Table"]["GlobalSecondaryIndexes"][0]["IndexArn"]
        message = ("One or more parameter values were invalid: Invalid resource arn provided, only table or stream "
                   "is accepted. Provided resource arn: " + index_arn)
        self.assertValidation(lambda: self.ddb.tag_resource(ResourceArn=index_arn, Tags=[{"Key": "k", "Value": "v"}]),
                              message)
        self.assertValidation(lambda: self.ddb.list_tags_of_resource(ResourceArn=index_arn), message)

    def test_tag_keys_and_values(self):
        arn = self.table_arn()
        tag = lambda **kw: self.raw.tag_resource(ResourceArn=arn, Tags=[kw])
        self.assertValidation(lambda: tag(Key="", Value="v"), "The Tag Key provided is invalid, Key: ")
        self.assertValidation(lambda: tag(Key="k" * 129, Value="v"), "The Tag Key provided is invalid, Key: " + "k" * 129)
        self.assertValidation(lambda: tag(Key="bad#key", Value="v"), "The Tag Key provided is invalid, Key: bad#key")
        self.assertValidation(lambda: tag(Key="k", Value="v" * 257),
                              "The Tag Value provided is invalid, Value: " + "v" * 257)
        self.assertValidation(lambda: tag(Key="k", Value="no*star"), "The Tag Value provided is invalid, Value: no*star")
        self.assertValidation(lambda: tag(Key="k"), "The Tag Value provided is invalid, Value: null")
        self.assertValidation(lambda: tag(Key="aws:owner", Value="v"),
                              "Tag Key cannot be prefixed with aws:, Key: aws:owner")
        self.assertValidation(lambda: self.ddb.tag_resource(ResourceArn=arn, Tags=[]),
                              "Atleast one Tag needs to be provided as Input.")
        self.assertValidation(lambda: self.ddb.untag_resource(ResourceArn=arn, TagKeys=[]),
                              "Atleast one Tag Key needs to be provided as Input.")
        self.assertValidation(lambda: self.ddb.tag_resource(ResourceArn=arn, Tags=[{"Key": "d", "Value": "1"},
                                                                                   {"Key": "d", "Value": "2"}]),
                              "Duplicate Tag Keys provided as input: Duplicate Tag Key found d")
        # The limits themselves, the allowed punctuation, other scripts and an empty value are fine.
        self.ddb.tag_resource(ResourceArn=arn, Tags=[{"Key": "k" * 128, "Value": "v" * 256},
                                                     {"Key": "a_b.c:d/e=f+g-h@i j", "Value": ""},
                                                     {"Key": "ключ", "Value": "значение"}])
        self.assertEqual(len(self.ddb.list_tags_of_resource(ResourceArn=arn)["Tags"]), 3)
        self.assertEqual(self.ddb.list_tags_of_resource(ResourceArn=arn)["Tags"][1], {"Key": "a_b.c:d/e=f+g-h@i j",
                                                                                     "Value": ""})

    def test_fifty_tags_at_most(self):
        arn = self.table_arn()
        self.ddb.tag_resource(ResourceArn=arn, Tags=[{"Key": "t%d" % i, "Value": "v"} for i in range(50)])
        self.ddb.tag_resource(ResourceArn=arn, Tags=[{"Key": "t0", "Value": "replaced"}])  # still 50
        self.assertValidation(lambda: self.ddb.tag_resource(ResourceArn=arn, Tags=[{"Key": "one-more", "Value": "v"}]),
                              "Number of Tags exceed the current limit for the provided ResourceArn")
        self.assertEqual(len(self.ddb.list_tags_of_resource(ResourceArn=arn)["Tags"]), 50)
        too_many = [{"Key": "c%d" % i, "Value": "v"} for i in range(51)]
        self.assertValidation(lambda: self.ddb.create_table(
            TableName=unique_name("tags51"), AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
            KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}], BillingMode="PAY_PER_REQUEST", Tags=too_many),
            "Number of Tags exceed the current limit for the provided ResourceArn")
        self.assertValidation(lambda: self.ddb.create_table(
            TableName=unique_name("tagbad"), AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
            KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}], BillingMode="PAY_PER_REQUEST",
            Tags=[{"Key": "aws:x", "Value": "v"}]),
            "Tag Key cannot be prefixed with aws:, Key: aws:x")

    def test_tags(self):
        table = self.create_table(hash_key=("id", "S"), prefix="tags")
        arn = self.ddb.describe_table(TableName=table)["Table"]["TableArn"]
        self.ddb.tag_resource(ResourceArn=arn, Tags=[{"Key": "team", "Value": "a"}, {"Key": "env", "Value": "dev"}])
        self.ddb.untag_resource(ResourceArn=arn, TagKeys=["env"])
        self.assertEqual(self.ddb.list_tags_of_resource(ResourceArn=arn)["Tags"], [{"Key": "team", "Value": "a"}])


if __name__ == "__main__":
    unittest.main()
