"""A PartiQL statement and its classic equivalent on the same data give the
same result and the same ConsumedCapacity (TOTAL and INDEXES), and leave the
table and its index in the same state: SELECT against GetItem, Query (table
and index) and Scan; INSERT against PutItem; UPDATE against UpdateItem
(index key changed and removed); DELETE against DeleteItem (present and
missing items). Items are several KB, so capacity is more than the one-unit
minimum and its rounding is compared too. Each write runs on twin items:
identical but for their key (`pq-...` by PartiQL, `cl-...` classically)."""

from harness import DynamoTestCase, unique_name

PAD = "p" * 5000  # 5 KB items: 2 read units strong, 1 eventual; 5 write units


def s(v):
    return {"S": v}


def n(v):
    return {"N": str(v)}


class PartiQLEquivalenceTest(DynamoTestCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.table = unique_name("pqeq")
        cls.ddb.create_table(
            TableName=cls.table, BillingMode="PAY_PER_REQUEST",
            AttributeDefinitions=[{"AttributeName": a, "AttributeType": t}
                                  for a, t in (("pk", "S"), ("sk", "N"), ("g", "S"))],
            KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
            GlobalSecondaryIndexes=[{"IndexName": "by_g", "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}],
                                     "Projection": {"ProjectionType": "ALL"}}])
        cls._tables.append(cls.table)
        cls.wait_active(cls.table)
        for i in range(6):
            cls.ddb.put_item(TableName=cls.table, Item={
                "pk": s("read"), "sk": n(i), "g": s("g%d" % (i % 2)), "zpad": s(PAD), "v": n(i)})

    def execute(self, statement, **kw):
        r = self.ddb.execute_statement(Statement=statement, **kw)
        r.pop("ResponseMetadata")
        return r

    def classic(self, operation, **kw):
        r = getattr(self.ddb, operation)(TableName=self.table, **kw)
        r.pop("ResponseMetadata")
        return r

    def twins(self, name, **extra):
        """Two identical items but for their key; returns (PartiQL's key, classic's key)."""
        keys = []
        for side in ("pq", "cl"):
            pk = "%s-%s" % (side, name)
            self.put(self.table, {"pk": s(pk), "sk": n(1), "g": s("idx-" + pk), "zpad": s(PAD), "v": n(10), **extra})
            keys.append(pk)
        return keys

    def state(self, pk):
        """The item (key renamed away) and whether the index holds it."""
        item = self.get(self.table, {"pk": s(pk), "sk": n(1)})
        if item is not None:
            item = {k: v for k, v in item.items() if k not in ("pk", "g")}
        indexed = self.ddb.scan(TableName=self.table, IndexName="by_g", FilterExpression="pk = :pk",
                                ExpressionAttributeValues={":pk": s(pk)})["Items"]
        return item, [{k: v for k, v in i.items() if k not in ("pk", "g")} for i in indexed]

    def assertSameState(self, pq, cl):
        self.assertEqual(self.state(pq), self.state(cl))

    # ---- reads ------------------------------------------------------------------

    def test_select_full_key_and_get_item(self):
        for consistent in (True, False):
            for mode in ("TOTAL", "INDEXES"):
                with self.subTest(consistent=consistent, mode=mode):
                    r = self.execute('SELECT * FROM "%s" WHERE pk = ? AND sk = ?' % self.table,
                                     Parameters=[s("read"), n(3)], ConsistentRead=consistent,
                                     ReturnConsumedCapacity=mode)
                    c = self.classic("get_item", Key={"pk": s("read"), "sk": n(3)}, ConsistentRead=consistent,
                                     ReturnConsumedCapacity=mode)
                    self.assertEqual(r["Items"], [c["Item"]])
                    self.assertEqual(r["ConsumedCapacity"], c["ConsumedCapacity"])
                    self.assertEqual(r["ConsumedCapacity"]["CapacityUnits"], 2.0 if consistent else 1.0)
        # A missing item: no items, and the same capacity as GetItem's miss.
        r = self.execute('SELECT * FROM "%s" WHERE pk = \'read\' AND sk = 99' % self.table,
                         ReturnConsumedCapacity="TOTAL")
        c = self.classic("get_item", Key={"pk": s("read"), "sk": n(99)}, ReturnConsumedCapacity="TOTAL")
        self.assertEqual((r["Items"], r["ConsumedCapacity"]), ([], c["ConsumedCapacity"]))

    def test_select_partition_and_query(self):
        for mode in ("TOTAL", "INDEXES"):
            with self.subTest(mode=mode):
                r = self.execute('SELECT pk, sk, v FROM "%s" WHERE pk = \'read\' AND sk >= 1 AND v < 5' % self.table,
                                 ConsistentRead=True, ReturnConsumedCapacity=mode)
                c = self.classic("query", KeyConditionExpression="pk = :p AND sk >= :s", FilterExpression="v < :v",
                                 ProjectionExpression="pk, sk, v", ConsistentRead=True, ReturnConsumedCapacity=mode,
                                 ExpressionAttributeValues={":p": s("read"), ":s": n(1), ":v": n(5)})
                self.assertEqual(r["Items"], c["Items"])
                self.assertEqual([i["sk"]["N"] for i in r["Items"]], ["1", "2", "3", "4"])
                self.assertEqual(r["ConsumedCapacity"], c["ConsumedCapacity"])
                # Five 5 KB items read (the filter drops one after reading): 25 KB, 7 units.
                self.assertEqual(r["ConsumedCapacity"]["CapacityUnits"], 7.0)

    def test_select_index_and_index_query(self):
        r = self.execute('SELECT * FROM "%s"."by_g" WHERE g = \'g1\'' % self.table, ReturnConsumedCapacity="INDEXES")
        c = self.classic("query", IndexName="by_g", KeyConditionExpression="g = :g",
                         ExpressionAttributeValues={":g": s("g1")}, ReturnConsumedCapacity="INDEXES")
        self.assertEqual(r["Items"], c["Items"])
        self.assertEqual(len(r["Items"]), 3)
        self.assertEqual(r["ConsumedCapacity"], c["ConsumedCapacity"])
        self.assertIn("GlobalSecondaryIndexes", r["ConsumedCapacity"])

    def test_select_other_conditions_and_scan(self):
        r = self.execute('SELECT * FROM "%s" WHERE v = 2 OR g = \'g1\' AND pk = \'read\'' % self.table,
                         ReturnConsumedCapacity="INDEXES")
        c = self.classic("scan", FilterExpression="v = :v OR g = :g AND pk = :p", ReturnConsumedCapacity="INDEXES",
                         ExpressionAttributeValues={":v": n(2), ":g": s("g1"), ":p": s("read")})
        self.assertEqual(r["Items"], c["Items"])
        self.assertEqual(r["ConsumedCapacity"], c["ConsumedCapacity"])

    # ---- writes -----------------------------------------------------------------

    def test_insert_and_put_item(self):
        for mode in ("TOTAL", "INDEXES"):
            with self.subTest(mode=mode):
                pq, cl = "pq-ins-" + mode, "cl-ins-" + mode
                r = self.execute("INSERT INTO \"%s\" VALUE {'pk': ?, 'sk': 1, 'g': ?, 'zpad': ?, 'v': 10}" % self.table,
                                 Parameters=[s(pq), s("idx-" + pq), s(PAD)], ReturnConsumedCapacity=mode)
                c = self.classic("put_item", Item={"pk": s(cl), "sk": n(1), "g": s("idx-" + cl), "zpad": s(PAD),
                                                   "v": n(10)},
                                 ConditionExpression="attribute_not_exists(pk)", ReturnConsumedCapacity=mode)
                self.assertEqual(r["Items"], [])
                self.assertEqual(r["ConsumedCapacity"], c["ConsumedCapacity"])
                self.assertEqual(r["ConsumedCapacity"]["CapacityUnits"], 10.0)  # 5 table + 5 index
                self.assertSameState(pq, cl)

    def test_update_and_update_item(self):
        cases = [
            # (PartiQL SET/REMOVE clause, UpdateExpression, values, ReturnValues/RETURNING)
            ("SET v = v + 5 SET g = 'moved' RETURNING ALL NEW *", "SET v = v + :d, g = :g",
             {":d": n(5), ":g": s("moved")}, "ALL_NEW"),
            ("REMOVE g RETURNING ALL OLD *", "REMOVE g", None, "ALL_OLD"),
            ("SET v = 1 RETURNING MODIFIED OLD *", "SET v = :one", {":one": n(1)}, "UPDATED_OLD"),
            ("SET zpad = 'short'", "SET zpad = :short", {":short": s("short")}, "NONE"),
        ]
        for i, (clause, expression, values, returning) in enumerate(cases):
            for mode in ("TOTAL", "INDEXES"):
                with self.subTest(clause=clause, mode=mode):
                    pq, cl = self.twins("upd-%d-%s" % (i, mode))
                    change, _, returns = clause.partition(" RETURNING ")
                    statement = 'UPDATE "%s" %s WHERE pk = ? AND sk = 1' % (self.table, change)
                    if returns:
                        statement += " RETURNING " + returns
                    r = self.execute(statement, Parameters=[s(pq)], ReturnConsumedCapacity=mode)
                    kw = {"ExpressionAttributeValues": values} if values else {}
                    c = self.classic("update_item", Key={"pk": s(cl), "sk": n(1)}, UpdateExpression=expression,
                                     ConditionExpression="attribute_exists(pk)", ReturnValues=returning,
                                     ReturnConsumedCapacity=mode, **kw)
                    self.assertEqual(r["ConsumedCapacity"], c["ConsumedCapacity"])
                    expected = [c["Attributes"]] if "Attributes" in c else []
                    for item in expected:
                        for key, value in (("pk", s(pq)), ("g", s("idx-" + pq))):
                            if key in item and item[key] in (s(cl), s("idx-" + cl)):
                                item[key] = value
                    self.assertEqual(r["Items"], expected)
                    self.assertSameState(pq, cl)

    def test_delete_and_delete_item(self):
        for mode in ("TOTAL", "INDEXES"):
            with self.subTest(mode=mode):
                pq, cl = self.twins("del-" + mode)
                r = self.execute('DELETE FROM "%s" WHERE pk = ? AND sk = 1 RETURNING ALL OLD *' % self.table,
                                 Parameters=[s(pq)], ReturnConsumedCapacity=mode)
                c = self.classic("delete_item", Key={"pk": s(cl), "sk": n(1)}, ReturnValues="ALL_OLD",
                                 ReturnConsumedCapacity=mode)
                self.assertEqual(r["ConsumedCapacity"], c["ConsumedCapacity"])
                self.assertEqual(r["ConsumedCapacity"]["CapacityUnits"], 10.0)
                old = dict(c["Attributes"], pk=s(pq), g=s("idx-" + pq))
                self.assertEqual(r["Items"], [old])
                self.assertSameState(pq, cl)
                self.assertEqual(self.state(pq), (None, []))
                # Deleting what is no longer there: nothing returned, the same capacity.
                r = self.execute('DELETE FROM "%s" WHERE pk = ? AND sk = 1' % self.table, Parameters=[s(pq)],
                                 ReturnConsumedCapacity=mode)
                c = self.classic("delete_item", Key={"pk": s(cl), "sk": n(1)}, ReturnConsumedCapacity=mode)
                self.assertEqual(r["Items"], [])
                self.assertEqual(r["ConsumedCapacity"], c["ConsumedCapacity"])

    def test_conditional_delete_and_delete_item(self):
        pq, cl = self.twins("cdel")
        r = self.execute('DELETE FROM "%s" WHERE pk = ? AND sk = 1 AND v = 10' % self.table, Parameters=[s(pq)],
                         ReturnConsumedCapacity="INDEXES")
        c = self.classic("delete_item", Key={"pk": s(cl), "sk": n(1)}, ConditionExpression="v = :v",
                         ExpressionAttributeValues={":v": n(10)}, ReturnConsumedCapacity="INDEXES")
        self.assertEqual(r["ConsumedCapacity"], c["ConsumedCapacity"])
        self.assertSameState(pq, cl)
