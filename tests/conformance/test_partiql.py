"""PartiQL: ExecuteStatement, BatchExecuteStatement and ExecuteTransaction
through boto3 and the AWS CLI. Statements are checked against their classic
equivalents on the same data (items, order and ConsumedCapacity, on the table
and on an index), and the errors DynamoDB gives: syntax, unsupported
statements, writes without the whole key, DuplicateItemException,
ConditionalCheckFailedException, parameter counts, paging tokens, batch and
transaction rules."""

import json
import unittest
import uuid

from botocore.exceptions import ClientError

from harness import DynamoTestCase, unique_name

NOT_WELL_FORMED = "Statement wasn't well formed, can't be processed: "
MANDATORY_KEY = "Where clause does not contain a mandatory equality on all key attributes"


def s(v):
    return {"S": v}


def n(v):
    return {"N": str(v)}


class PartiQLTest(DynamoTestCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.music = unique_name("pq")
        cls.ddb.create_table(
            TableName=cls.music, BillingMode="PAY_PER_REQUEST",
            AttributeDefinitions=[{"AttributeName": a, "AttributeType": t}
                                  for a, t in (("artist", "S"), ("song", "S"), ("genre", "S"), ("year", "N"))],
            KeySchema=[{"AttributeName": "artist", "KeyType": "HASH"}, {"AttributeName": "song", "KeyType": "RANGE"}],
            GlobalSecondaryIndexes=[{
                "IndexName": "by_genre",
                "KeySchema": [{"AttributeName": "genre", "KeyType": "HASH"},
                              {"AttributeName": "year", "KeyType": "RANGE"}],
                "Projection": {"ProjectionType": "ALL"}}])
        cls._tables.append(cls.music)
        cls.wait_active(cls.music)
        for i in range(12):
            cls.ddb.put_item(TableName=cls.music, Item={
                "artist": s("band%d" % (i % 3)), "song": s("song%02d" % i), "genre": s("rock" if i % 2 else "jazz"),
                "year": n(1990 + i), "plays": n(i * 10), "tags": {"SS": ["a", "t%d" % i]},
                "info": {"M": {"label": s("L%d" % (i % 2)), "tracks": {"L": [n(1), n(i)]}}}})
        cls.simple = cls.create_table(hash_key=("id", "S"), prefix="pqs")

    def execute(self, statement, **kw):
        r = self.ddb.execute_statement(Statement=statement, **kw)
        r.pop("ResponseMetadata")
        return r

    def q(self, name):
        return '"%s"' % name

    # ---- SELECT and its classic equivalents ---------------------------------

    def test_select_full_key_is_get_item(self):
        r = self.execute('SELECT * FROM %s WHERE artist = ? AND song = ?' % self.q(self.music),
                         Parameters=[s("band1"), s("song04")], ReturnConsumedCapacity="TOTAL")
        classic = self.ddb.get_item(TableName=self.music, Key={"artist": s("band1"), "song": s("song04")},
                                    ReturnConsumedCapacity="TOTAL")
        self.assertEqual(r["Items"], [classic["Item"]])
        self.assertEqual(r["ConsumedCapacity"], classic["ConsumedCapacity"])
        r = self.execute("SELECT * FROM %s WHERE artist = 'nobody' AND song = 'x'" % self.q(self.music))
        self.assertEqual(r["Items"], [])

    def test_select_partition_key_is_query(self):
        r = self.execute("SELECT artist, song, plays FROM %s WHERE artist = 'band2' AND song > 'song03' AND plays >= 50"
                         % self.q(self.music), ReturnConsumedCapacity="TOTAL", ConsistentRead=True)
        classic = self.ddb.query(
            TableName=self.music, KeyConditionExpression="artist = :a AND song > :s", FilterExpression="plays >= :p",
            ProjectionExpression="artist, song, plays", ConsistentRead=True, ReturnConsumedCapacity="TOTAL",
            ExpressionAttributeValues={":a": s("band2"), ":s": s("song03"), ":p": n(50)})
        self.assertEqual(r["Items"], classic["Items"])
        self.assertEqual([i["song"]["S"] for i in r["Items"]], ["song05", "song08", "song11"])
        self.assertEqual(r["ConsumedCapacity"], classic["ConsumedCapacity"])

    def test_select_order_by_desc(self):
        r = self.execute("SELECT song FROM %s WHERE artist = 'band0' ORDER BY song DESC" % self.q(self.music))
        self.assertEqual([i["song"]["S"] for i in r["Items"]], ["song09", "song06", "song03", "song00"])

    def test_select_on_index_is_index_query(self):
        r = self.execute('SELECT * FROM %s."by_genre" WHERE genre = \'rock\' AND "year" BETWEEN 1993 AND 1999'
                         % self.q(self.music), ReturnConsumedCapacity="INDEXES")
        classic = self.ddb.query(
            TableName=self.music, IndexName="by_genre", ReturnConsumedCapacity="INDEXES",
            KeyConditionExpression="genre = :g AND #y BETWEEN :a AND :b", ExpressionAttributeNames={"#y": "year"},
            ExpressionAttributeValues={":g": s("rock"), ":a": n(1993), ":b": n(1999)})
        self.assertEqual(r["Items"], classic["Items"])
        self.assertEqual([i["year"]["N"] for i in r["Items"]], ["1993", "1995", "1997", "1999"])
        self.assertEqual(r["ConsumedCapacity"], classic["ConsumedCapacity"])

    def test_select_other_conditions_is_scan(self):
        r = self.execute("SELECT * FROM %s WHERE plays > 60 OR info.label = 'L0' AND contains(tags, 't4')"
                         % self.q(self.music), ReturnConsumedCapacity="TOTAL")
        classic = self.ddb.scan(
            TableName=self.music, FilterExpression="plays > :p OR info.label = :l AND contains(tags, :t)",
            ExpressionAttributeValues={":p": n(60), ":l": s("L0"), ":t": s("t4")}, ReturnConsumedCapacity="TOTAL")
        self.assertEqual(r["Items"], classic["Items"])
        self.assertEqual(len(r["Items"]), 6)
        self.assertEqual(r["ConsumedCapacity"], classic["ConsumedCapacity"])
        r = self.execute('SELECT * FROM %s."by_genre"' % self.q(self.music), ReturnConsumedCapacity="TOTAL")
        classic = self.ddb.scan(TableName=self.music, IndexName="by_genre", ReturnConsumedCapacity="TOTAL")
        self.assertEqual(r["Items"], classic["Items"])
        self.assertEqual(r["ConsumedCapacity"], classic["ConsumedCapacity"])

    def test_select_functions_and_predicates(self):
        table = self.q(self.music)

        def songs(where):
            r = self.execute("SELECT song FROM %s WHERE %s" % (table, where))
            return sorted(i["song"]["S"] for i in r["Items"])

        self.assertEqual(songs("begins_with(song, 'song1')"), ["song10", "song11"])
        self.assertEqual(songs("song IN ['song01', 'song02', 'nope']"), ["song01", "song02"])
        self.assertEqual(songs("info.tracks[1] = 3"), ["song03"])
        self.assertEqual(songs("size(tags) = 2 AND plays < 20"), ["song00", "song01"])
        self.assertEqual(songs("attribute_type(plays, 'N') AND NOT plays <> 110"), ["song11"])
        self.assertEqual(songs("missing_attr IS MISSING AND plays <= 10"), ["song00", "song01"])
        self.assertEqual(songs("plays IS NOT MISSING AND plays BETWEEN 95 AND 105"), ["song10"])
        self.assertEqual(songs("plays IS NUMERIC AND plays = 0"), ["song00"])
        self.assertEqual(songs("attribute_exists(missing_attr)"), [])

    def test_select_nested_path_projection(self):
        r = self.execute("SELECT info.label, info.tracks[1], song FROM %s WHERE artist = 'band1' AND song = 'song07'"
                         % self.q(self.music))
        self.assertEqual(r["Items"], [{"label": s("L1"), "tracks": n(7), "song": s("song07")}])

    def test_limit_and_next_token_page_through(self):
        statement = "SELECT song FROM %s WHERE artist = 'band0'" % self.q(self.music)
        seen, token, pages = [], None, 0
        while True:
            kw = {"Limit": 3}
            if token:
                kw["NextToken"] = token
            r = self.execute(statement, **kw)
            seen += [i["song"]["S"] for i in r["Items"]]
            pages += 1
            token = r.get("NextToken")
            if not token:
                break
        self.assertEqual(seen, ["song00", "song03", "song06", "song09"])
        self.assertEqual(pages, 2)
        # A token belongs to its statement.
        first = self.execute(statement, Limit=1)["NextToken"]
        self.assertValidation(lambda: self.execute("SELECT * FROM %s" % self.q(self.music), NextToken=first),
                              "NextToken does not match request")
        self.assertValidation(lambda: self.execute(statement, NextToken="bm9wZQ=="), "Invalid NextToken")

    # ---- writes ---------------------------------------------------------------

    def test_insert_then_duplicate(self):
        key = uuid.uuid4().hex
        stmt = ("INSERT INTO %s VALUE {'id': ?, 'n': 1, 'l': [1, 'two', NULL], 'm': {'k': TRUE}, 'ss': <<'a', 'b'>>,"
                " 'ns': <<1, 2.5>>}" % self.q(self.simple))
        r = self.execute(stmt, Parameters=[s(key)], ReturnConsumedCapacity="TOTAL")
        self.assertEqual(r["Items"], [])
        self.assertEqual(r["ConsumedCapacity"], {"TableName": self.simple, "CapacityUnits": 1.0})
        self.assertItemEqual(self.get(self.simple, {"id": s(key)}), {
            "id": s(key), "n": n(1), "l": {"L": [n(1), s("two"), {"NULL": True}]}, "m": {"M": {"k": {"BOOL": True}}},
            "ss": {"SS": ["a", "b"]}, "ns": {"NS": ["1", "2.5"]}})
        self.assertDynamoError(lambda: self.execute(stmt, Parameters=[s(key)]), "DuplicateItemException",
                               "Duplicate primary key exists in table")

    def test_insert_matches_put_item_capacity(self):
        big = "x" * 3000
        r = self.execute("INSERT INTO %s VALUE {'id': 'cap-pq', 'b': '%s'}" % (self.q(self.simple), big),
                         ReturnConsumedCapacity="TOTAL")
        classic = self.ddb.put_item(TableName=self.simple, Item={"id": s("cap-classic"), "b": s(big)},
                                    ReturnConsumedCapacity="TOTAL")
        self.assertEqual(r["ConsumedCapacity"], classic["ConsumedCapacity"])
        self.assertEqual(r["ConsumedCapacity"]["CapacityUnits"], 3.0)

    def test_update_set_remove_and_returning(self):
        key = uuid.uuid4().hex
        self.put(self.simple, {"id": s(key), "n": n(5), "l": {"L": [n(1)]}, "ss": {"SS": ["a"]},
                               "gone": s("x"), "m": {"M": {"x": n(1)}}})
        r = self.execute("UPDATE %s SET n = n + 2 SET l = list_append(l, [2]) SET ss = set_add(ss, <<'b'>>) "
                         "SET m.y = 'new' REMOVE gone WHERE id = ? RETURNING ALL NEW *" % self.q(self.simple),
                         Parameters=[s(key)])
        expected = {"id": s(key), "n": n(7), "l": {"L": [n(1), n(2)]}, "ss": {"SS": ["a", "b"]},
                    "m": {"M": {"x": n(1), "y": s("new")}}}
        self.assertEqual(len(r["Items"]), 1)
        self.assertItemEqual(r["Items"][0], expected)
        self.assertItemEqual(self.get(self.simple, {"id": s(key)}), expected)
        r = self.execute("UPDATE %s SET n = n - 1 SET ss = set_delete(ss, <<'a'>>) WHERE id = '%s' "
                         "RETURNING MODIFIED OLD *" % (self.q(self.simple), key))
        self.assertItemEqual(r["Items"], [{"n": n(7), "ss": {"SS": ["a", "b"]}}])
        r = self.execute("UPDATE %s SET n = 100 WHERE id = '%s' RETURNING MODIFIED NEW *" % (self.q(self.simple), key))
        self.assertEqual(r["Items"], [{"n": n(100)}])
        r = self.execute("UPDATE %s SET n = 1 WHERE id = '%s'" % (self.q(self.simple), key))
        self.assertEqual(r["Items"], [])

    def test_update_needs_existing_item_and_condition(self):
        self.assertConditionFailed(lambda: self.execute(
            "UPDATE %s SET n = 1 WHERE id = 'no-such-item'" % self.q(self.simple)))
        self.assertIsNone(self.get(self.simple, {"id": s("no-such-item")}))
        key = uuid.uuid4().hex
        self.put(self.simple, {"id": s(key), "n": n(5)})
        err = self.assertConditionFailed(lambda: self.execute(
            "UPDATE %s SET n = 6 WHERE id = '%s' AND n > 10" % (self.q(self.simple), key),
            ReturnValuesOnConditionCheckFailure="ALL_OLD"))
        self.assertEqual(err.response.get("Item"), {"id": s(key), "n": n(5)})
        self.execute("UPDATE %s SET n = 6 WHERE id = '%s' AND n < 10" % (self.q(self.simple), key))
        self.assertEqual(self.get(self.simple, {"id": s(key)})["n"], n(6))

    def test_update_matches_update_item(self):
        for key in ("u-pq", "u-classic"):
            self.put(self.simple, {"id": s(key), "n": n(1), "pad": s("p" * 1500)})
        r = self.execute("UPDATE %s SET n = n + 5 WHERE id = 'u-pq' RETURNING ALL OLD *" % self.q(self.simple),
                         ReturnConsumedCapacity="TOTAL")
        classic = self.ddb.update_item(TableName=self.simple, Key={"id": s("u-classic")},
                                       UpdateExpression="SET n = n + :d", ExpressionAttributeValues={":d": n(5)},
                                       ConditionExpression="attribute_exists(id)", ReturnValues="ALL_OLD",
                                       ReturnConsumedCapacity="TOTAL")
        self.assertEqual(r["ConsumedCapacity"], classic["ConsumedCapacity"])
        self.assertEqual(r["Items"][0]["n"], classic["Attributes"]["n"])
        self.assertEqual(self.get(self.simple, {"id": s("u-pq")})["n"], self.get(self.simple, {"id": s("u-classic")})["n"])

    def test_delete(self):
        key = uuid.uuid4().hex
        self.put(self.simple, {"id": s(key), "n": n(5)})
        err = self.assertConditionFailed(lambda: self.execute(
            "DELETE FROM %s WHERE id = '%s' AND n = 4" % (self.q(self.simple), key)))
        self.assertNotIn("Item", err.response)
        r = self.execute("DELETE FROM %s WHERE id = '%s' AND n = 5 RETURNING ALL OLD *" % (self.q(self.simple), key),
                         ReturnConsumedCapacity="TOTAL")
        self.assertEqual(r["Items"], [{"id": s(key), "n": n(5)}])
        self.assertEqual(r["ConsumedCapacity"]["CapacityUnits"], 1.0)
        self.assertIsNone(self.get(self.simple, {"id": s(key)}))
        # Deleting what is not there succeeds, condition or not.
        self.assertEqual(self.execute("DELETE FROM %s WHERE id = '%s'" % (self.q(self.simple), key))["Items"], [])
        self.execute("DELETE FROM %s WHERE id = '%s' AND n = 5" % (self.q(self.simple), key))

    def test_writes_keep_indexes(self):
        self.execute("INSERT INTO %s VALUE {'artist': 'pq-band', 'song': 's1', 'genre': 'pq-genre', 'year': 2020}"
                     % self.q(self.music))
        r = self.execute('SELECT song FROM %s."by_genre" WHERE genre = \'pq-genre\'' % self.q(self.music))
        self.assertEqual(r["Items"], [{"song": s("s1")}])
        self.execute("UPDATE %s SET genre = 'pq-other' WHERE artist = 'pq-band' AND song = 's1'" % self.q(self.music))
        r = self.execute('SELECT song FROM %s."by_genre" WHERE genre = \'pq-genre\'' % self.q(self.music))
        self.assertEqual(r["Items"], [])
        self.execute("DELETE FROM %s WHERE artist = 'pq-band' AND song = 's1'" % self.q(self.music))
        r = self.execute('SELECT song FROM %s."by_genre" WHERE genre = \'pq-other\'' % self.q(self.music))
        self.assertEqual(r["Items"], [])

    # ---- errors ---------------------------------------------------------------

    def test_syntax_and_unsupported_statements(self):
        t = self.q(self.simple)
        self.assertValidation(lambda: self.execute("SELEC * FROM %s" % t), NOT_WELL_FORMED + "Expected data manipulation")
        self.assertValidation(lambda: self.execute("SELECT * FROM %s WHERE" % t), NOT_WELL_FORMED + "Unexpected term")
        self.assertValidation(lambda: self.execute("SELECT * FROM %s WHERE id = 'x' junk" % t),
                              NOT_WELL_FORMED + "Unexpected token after expression")
        self.assertValidation(lambda: self.execute("SELECT * FROM %s WHERE id = 'open" % t), NOT_WELL_FORMED)
        self.assertValidation(lambda: self.execute("SELECT * FROM %s AS x" % t), "Aliasing is not supported")
        self.assertValidation(lambda: self.execute("SELECT * FROM %s WHERE n LIKE 'a%%'" % t),
                              "Unsupported operator in Condition Expression. Operator: LIKE")
        self.assertValidation(lambda: self.execute("UPDATE %s SET n = 1" % t), MANDATORY_KEY)
        self.assertValidation(lambda: self.execute("UPDATE %s SET n = 1 WHERE n = 2" % t), MANDATORY_KEY)
        self.assertValidation(lambda: self.execute("DELETE FROM %s WHERE id > 'a'" % t), MANDATORY_KEY)
        self.assertValidation(lambda: self.execute("DELETE FROM %s WHERE id = 'a' RETURNING ALL NEW *" % t),
                              "Invalid returning clause: RETURNING ALL NEW *. Only RETURNING ALL OLD * is allowed "
                              "in DELETE statements.")
        self.assertValidation(lambda: self.execute("INSERT INTO %s VALUE {'id': 'a', 'id': 'b'}" % t),
                              "Duplicate keys in tuple. Key: id under root")
        self.assertValidation(lambda: self.execute("INSERT INTO %s VALUE {'id': 1}" % t),
                              "One or more parameter values were invalid: Type mismatch for key id expected: S actual: N")
        self.assertValidation(lambda: self.execute("EXISTS(SELECT * FROM %s WHERE id = 'a' AND n = 1)" % t),
                              "EXISTS can only be used in ExecuteTransaction write requests.")
        self.assertDynamoError(lambda: self.execute('SELECT * FROM "no_such_table"'), "ResourceNotFoundException",
                               "Requested resource not found")

    def test_parameters(self):
        t = self.q(self.simple)
        self.assertValidation(lambda: self.execute("SELECT * FROM %s WHERE id = ?" % t),
                              "Number of parameters in request and statement don't match.")
        self.assertValidation(lambda: self.execute("SELECT * FROM %s WHERE id = ?" % t, Parameters=[s("a"), s("b")]),
                              "Number of parameters in request and statement don't match.")
        self.assertValidationList(lambda: self.raw.execute_statement(Statement="SELECT * FROM %s" % t, Parameters=[]),
                                  ["Value '[]' at 'parameters' failed to satisfy constraint: "
                                   "Member must have length greater than or equal to 1"])
        # A list parameter fills IN.
        self.put(self.simple, {"id": s("p1")})
        self.put(self.simple, {"id": s("p2")})
        r = self.execute("SELECT id FROM %s WHERE id IN ?" % t, Parameters=[{"L": [s("p1"), s("p2"), s("p9")]}])
        self.assertEqual(sorted(i["id"]["S"] for i in r["Items"]), ["p1", "p2"])

    def test_request_validation(self):
        self.assertValidationList(lambda: self.raw.execute_statement(Statement="SELECT * FROM x", Limit=0),
                                  ["Value '0' at 'limit' failed to satisfy constraint: "
                                   "Member must have value greater than or equal to 1"])
        self.assertValidationList(lambda: self.raw.execute_statement(Statement=""),
                                  ["Value '' at 'statement' failed to satisfy constraint: "
                                   "Member must have length greater than or equal to 1"])

    # ---- BatchExecuteStatement ---------------------------------------------

    def test_batch_reads_with_per_statement_errors(self):
        t = self.q(self.music)
        r = self.ddb.batch_execute_statement(Statements=[
            {"Statement": "SELECT song, plays FROM %s WHERE artist = 'band0' AND song = 'song03'" % t},
            {"Statement": "SELECT * FROM %s WHERE artist = ? AND song = ?" % t,
             "Parameters": [s("band0"), s("absent")]},
            {"Statement": "SELECT * FROM %s WHERE artist = 'band0'" % t},
            {"Statement": "SELEC nonsense"},
            {"Statement": "SELECT * FROM %s WHERE artist = 'band2' AND song = 'song05'" % t},
        ], ReturnConsumedCapacity="TOTAL")
        responses = r["Responses"]
        self.assertEqual(len(responses), 5)
        whole = self.get(self.music, {"artist": s("band2"), "song": s("song05")})
        self.assertEqual(responses[4], {"TableName": self.music, "Item": whole})
        self.assertEqual(responses[0], {"TableName": self.music, "Item": {"song": s("song03"), "plays": n(30)}})
        self.assertEqual(responses[1], {"TableName": self.music})
        self.assertEqual(responses[2]["Error"], {
            "Code": "ValidationError",
            "Message": "Select statements within BatchExecuteStatement must specify the primary key in the where clause."})
        self.assertEqual(responses[3]["Error"]["Code"], "ValidationError")
        self.assertEqual(responses[3]["Error"]["Message"], NOT_WELL_FORMED + "Expected data manipulation")
        self.assertEqual(r["ConsumedCapacity"], [{"TableName": self.music, "CapacityUnits": 1.5}])

    def test_batch_writes(self):
        t = self.q(self.simple)
        self.put(self.simple, {"id": s("b-dup")})
        self.put(self.simple, {"id": s("b-upd"), "n": n(1)})
        r = self.ddb.batch_execute_statement(Statements=[
            {"Statement": "INSERT INTO %s VALUE {'id': 'b-new'}" % t},
            {"Statement": "INSERT INTO %s VALUE {'id': 'b-dup'}" % t},
            {"Statement": "UPDATE %s SET n = n + 1 WHERE id = 'b-upd' AND n = 7" % t,
             "ReturnValuesOnConditionCheckFailure": "ALL_OLD"},
            {"Statement": "DELETE FROM %s WHERE id = 'b-new-never'" % t},
        ])
        responses = r["Responses"]
        self.assertEqual(responses[0], {"TableName": self.simple})
        self.assertEqual(responses[1]["Error"], {"Code": "DuplicateItem",
                                                 "Message": "Duplicate primary key exists in table"})
        self.assertEqual(responses[2]["Error"]["Code"], "ConditionalCheckFailed")
        self.assertEqual(responses[2]["Error"]["Message"], "The conditional request failed")
        self.assertEqual(responses[2]["Error"]["Item"], {"id": s("b-upd"), "n": n(1)})
        self.assertEqual(responses[3], {"TableName": self.simple})
        self.assertIsNotNone(self.get(self.simple, {"id": s("b-new")}))

    def test_batch_rules(self):
        t = self.q(self.simple)
        self.assertValidation(lambda: self.ddb.batch_execute_statement(Statements=[
            {"Statement": "SELECT * FROM %s WHERE id = 'a'" % t},
            {"Statement": "INSERT INTO %s VALUE {'id': 'a'}" % t}]),
            "BatchExecuteStatement API does not support both read and write operations in the same request.")
        too_many = [{"Statement": "SELECT * FROM %s WHERE id = '%d'" % (t, i)} for i in range(26)]
        self.assertValidationList(lambda: self.raw.batch_execute_statement(Statements=too_many),
                                  ["Value '[...]' at 'statements' failed to satisfy constraint: "
                                   "Member must have length less than or equal to 25"])

    # ---- ExecuteTransaction -----------------------------------------------------

    def test_transaction_writes_all_or_nothing(self):
        t = self.q(self.simple)
        self.put(self.simple, {"id": s("tx-a"), "n": n(10)})
        self.put(self.simple, {"id": s("tx-exists")})
        err = self.assertDynamoError(lambda: self.ddb.execute_transaction(TransactStatements=[
            {"Statement": "UPDATE %s SET n = n - 5 WHERE id = 'tx-a'" % t},
            {"Statement": "INSERT INTO %s VALUE {'id': 'tx-exists'}" % t},
            {"Statement": "UPDATE %s SET n = 1 WHERE id = 'tx-a2' AND n > 0" % t},
        ]), "TransactionCanceledException")
        self.assertEqual(err.response["CancellationReasons"], [
            {"Code": "None"},
            {"Code": "DuplicateItem", "Message": "Duplicate primary key exists in table"},
            {"Code": "ConditionalCheckFailed", "Message": "The conditional request failed"}])
        self.assertEqual(self.get(self.simple, {"id": s("tx-a")})["n"], n(10))
        r = self.ddb.execute_transaction(TransactStatements=[
            {"Statement": "UPDATE %s SET n = n - 5 WHERE id = 'tx-a'" % t},
            {"Statement": "INSERT INTO %s VALUE {'id': 'tx-b', 'n': 5}" % t},
            {"Statement": "EXISTS(SELECT * FROM %s WHERE id = 'tx-exists' AND attribute_not_exists(n))" % t},
        ], ReturnConsumedCapacity="TOTAL")
        self.assertEqual(self.get(self.simple, {"id": s("tx-a")})["n"], n(5))
        self.assertEqual(self.get(self.simple, {"id": s("tx-b")})["n"], n(5))
        self.assertEqual(r["ConsumedCapacity"], [{"TableName": self.simple, "CapacityUnits": 6.0,
                                                  "WriteCapacityUnits": 6.0}])

    def test_transaction_condition_failure_returns_old_item(self):
        t = self.q(self.simple)
        self.put(self.simple, {"id": s("tx-old"), "n": n(1)})
        err = self.assertDynamoError(lambda: self.ddb.execute_transaction(TransactStatements=[
            {"Statement": "UPDATE %s SET n = 2 WHERE id = 'tx-old' AND n = 9" % t,
             "ReturnValuesOnConditionCheckFailure": "ALL_OLD"}]), "TransactionCanceledException")
        self.assertEqual(err.response["CancellationReasons"], [
            {"Code": "ConditionalCheckFailed", "Message": "The conditional request failed",
             "Item": {"id": s("tx-old"), "n": n(1)}}])

    def test_transaction_reads(self):
        t = self.q(self.music)
        r = self.ddb.execute_transaction(TransactStatements=[
            {"Statement": "SELECT song, \"year\" FROM %s WHERE artist = 'band1' AND song = 'song01'" % t},
            {"Statement": "SELECT * FROM %s WHERE artist = 'band1' AND song = 'absent'" % t},
        ], ReturnConsumedCapacity="TOTAL")
        self.assertEqual(r["Responses"], [{"Item": {"song": s("song01"), "year": n(1991)}}, {}])
        classic = self.ddb.transact_get_items(TransactItems=[
            {"Get": {"TableName": self.music, "Key": {"artist": s("band1"), "song": s("song01")}}},
            {"Get": {"TableName": self.music, "Key": {"artist": s("band1"), "song": s("absent")}}}],
            ReturnConsumedCapacity="TOTAL")
        self.assertEqual(r["ConsumedCapacity"], classic["ConsumedCapacity"])
        # A nested path is named by its last field, as in ExecuteStatement.
        r = self.ddb.execute_transaction(TransactStatements=[
            {"Statement": "SELECT info.label, info.tracks[1] FROM %s WHERE artist = 'band1' AND song = 'song01'" % t}])
        self.assertEqual(r["Responses"], [{"Item": {"label": s("L1"), "tracks": n(1)}}])

    def test_transaction_rules(self):
        t = self.q(self.simple)
        self.assertValidation(lambda: self.ddb.execute_transaction(TransactStatements=[
            {"Statement": "SELECT * FROM %s WHERE id = 'a'" % t},
            {"Statement": "INSERT INTO %s VALUE {'id': 'a'}" % t}]),
            "ExecuteTransaction API does not support both read and write operations in the same request.")
        self.assertValidation(lambda: self.ddb.execute_transaction(TransactStatements=[
            {"Statement": "UPDATE %s SET n = 1 WHERE n = 2" % t}]),
            "Validation failed in TransactStatements[0]: " + MANDATORY_KEY)
        self.assertValidation(lambda: self.ddb.execute_transaction(TransactStatements=[
            {"Statement": "INSERT INTO %s VALUE {'id': 'a'}" % t},
            {"Statement": "SELEC"}]),
            "Validation failed in TransactStatements[1]: " + NOT_WELL_FORMED + "Expected data manipulation")
        self.assertValidation(lambda: self.ddb.execute_transaction(TransactStatements=[
            {"Statement": "SELECT * FROM %s WHERE id = 'a' AND n = 1" % t}]),
            "Validation failed in TransactStatements[0]: Select statements within ExecuteTransaction must specify "
            "the primary key in the where clause.")

    def test_transaction_client_request_token(self):
        t = self.q(self.simple)
        self.put(self.simple, {"id": s("tok"), "n": n(0)})
        stmts = [{"Statement": "UPDATE %s SET n = n + 1 WHERE id = 'tok'" % t}]
        token = uuid.uuid4().hex[:32]
        self.ddb.execute_transaction(TransactStatements=stmts, ClientRequestToken=token)
        self.ddb.execute_transaction(TransactStatements=stmts, ClientRequestToken=token)
        self.assertEqual(self.get(self.simple, {"id": s("tok")})["n"], n(1))
        other = [{"Statement": "UPDATE %s SET n = n + 2 WHERE id = 'tok'" % t}]
        self.assertDynamoError(lambda: self.ddb.execute_transaction(TransactStatements=other, ClientRequestToken=token),
                               "IdempotentParameterMismatchException")
        self.assertEqual(self.get(self.simple, {"id": s("tok")})["n"], n(1))

    # ---- the AWS CLI ------------------------------------------------------------

    def test_aws_cli(self):
        t = self.q(self.simple)
        self.aws("execute-statement", "--statement", "INSERT INTO %s VALUE {'id': 'cli', 'n': 1}" % t)
        _, out = self.aws("execute-statement", "--statement", "SELECT * FROM %s WHERE id = ?" % t,
                          "--parameters", json.dumps([s("cli")]))
        self.assertEqual(out["Items"], [{"id": s("cli"), "n": n(1)}])
        proc, _ = self.aws("execute-statement", "--statement", "INSERT INTO %s VALUE {'id': 'cli'}" % t, check=False)
        self.assertNotEqual(proc.returncode, 0)
        self.assertIn("DuplicateItemException", proc.stderr)
        _, out = self.aws("batch-execute-statement", "--statements", json.dumps([
            {"Statement": "UPDATE %s SET n = 2 WHERE id = 'cli'" % t},
            {"Statement": "INSERT INTO %s VALUE {'id': 'cli'}" % t}]))
        self.assertEqual(out["Responses"][0], {"TableName": self.simple})
        self.assertEqual(out["Responses"][1]["Error"]["Code"], "DuplicateItem")
        _, out = self.aws("execute-transaction", "--transact-statements", json.dumps([
            {"Statement": "SELECT n FROM %s WHERE id = 'cli'" % t}]))
        self.assertEqual(out["Responses"], [{"Item": {"n": n(2)}}])
        proc, _ = self.aws("execute-statement", "--statement", "SELEC", check=False)
        self.assertIn("Statement wasn't well formed", proc.stderr)


if __name__ == "__main__":
    unittest.main()
