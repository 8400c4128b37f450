"""Request schemas of every operation the server answers, over raw HTTP.

For each operation (the engine's table in engine/src/ops/dispatch.cpp, the
server's own database operations and DescribeEndpoints; a test fails when one
is added without cases here): a member of the wrong JSON type
(SerializationException with DynamoDB's Java-flavoured text), a missing
required member, a value outside an enum, length or range constraint (one
ValidationException "1 validation error detected: ..."), several broken
members at once ("N validation errors detected: ...", every part exact), and a
valid request that passes the schema and is answered. Every error is checked
for HTTP 400, the full `__type` as the server sends it and the exact message.

Payloads that are not a JSON object (null, a list, a number, a string, a
boolean, an empty body, malformed JSON) are a SerializationException for every
operation, before anything runs.
"""

import json
import re
import unittest

from harness import REPO_ROOT, DynamoTestCase, is_external, raw_request, unique_name

DYNAMO = "DynamoDB_20120810"
STREAMS = "DynamoDBStreams_20120810"
ITEMS = "DynamoItems_20261201"

SERIALIZATION = "com.amazon.coral.service#SerializationException"
VALIDATION = "com.amazon.coral.validate#ValidationException"

# Operations whose target is not DynamoDB_20120810.
TARGET_PREFIX = {
    "DescribeStream": STREAMS, "GetRecords": STREAMS, "GetShardIterator": STREAMS, "ListStreams": STREAMS,
    "CreateSnapshot": ITEMS, "DeleteSnapshot": ITEMS, "ListSnapshots": ITEMS, "RestoreSnapshot": ITEMS,
    "CreateDatabase": ITEMS, "DeleteDatabase": ITEMS, "ListDatabases": ITEMS,
}
# Answered by the server itself, not by the engine's operation table.
SERVER_OPERATIONS = ("CreateDatabase", "DeleteDatabase", "ListDatabases", "DescribeEndpoints")

# Operations without any request member: only the payload's shape is checked.
MEMBERLESS = ("DescribeEndpoints", "DescribeLimits", "ListDatabases", "ListSnapshots")

NAME_PATTERN = "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+"
REQUIRED_TABLE_NAME = "The parameter 'TableName' is required but was not present in the request"
RETURN_VALUES = "[ALL_NEW, UPDATED_OLD, ALL_OLD, NONE, UPDATED_NEW]"
CAPACITY = "[INDEXES, TOTAL, NONE]"


def engine_operations():
    """The operation names of engine/src/ops/dispatch.cpp's table."""
    text = (REPO_ROOT / "engine" / "src" / "ops" / "dispatch.cpp").read_text()
    return re.findall(r'\{"([A-Za-z]+)", &[a-z_]+\}', text)


def value(v, path, constraint):
    shown = "null" if v is None else "'%s'" % v
    return "Value %s at '%s' failed to satisfy constraint: %s" % (shown, path, constraint)


def null(path):
    return value(None, path, "Member must not be null")


def enum(v, path, allowed):
    return value(v, path, "Member must satisfy enum value set: " + allowed)


def min_len(v, path, n):
    return value(v, path, "Member must have length greater than or equal to %d" % n)


def max_len(v, path, n):
    return value(v, path, "Member must have length less than or equal to %d" % n)


def min_value(v, path, n):
    return value(v, path, "Member must have value greater than or equal to %d" % n)


def max_value(v, path, n):
    return value(v, path, "Member must have value less than or equal to %d" % n)


def one(part):
    return "1 validation error detected: " + part


def cannot_convert(java_class, to):
    return "class java.lang.%s can not be converted to an %s" % (java_class, to)


def s(v):
    return {"S": v}


@unittest.skipIf(is_external(), "covers dynamo-items' own operations and answers")
class RequestSchemaTest(DynamoTestCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        ddb = cls.ddb
        cls.table = cls.create_table(prefix="schema")
        ddb.update_table(TableName=cls.table,
                         StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"})
        ddb.update_continuous_backups(TableName=cls.table,
                                      PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": True})
        ddb.put_item(TableName=cls.table, Item={"pk": s("a"), "v": s("1")})
        description = ddb.describe_table(TableName=cls.table)["Table"]
        cls.table_arn = description["TableArn"]
        cls.stream_arn = description["LatestStreamArn"]
        streams = cls.endpoint_client("dynamodbstreams")
        cls.shard_id = streams.describe_stream(StreamArn=cls.stream_arn)["StreamDescription"]["Shards"][0]["ShardId"]
        cls.iterator = streams.get_shard_iterator(StreamArn=cls.stream_arn, ShardId=cls.shard_id,
                                                  ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
        cls.backup_arn = ddb.create_backup(TableName=cls.table, BackupName="kept")["BackupDetails"]["BackupArn"]
        cls.doomed_backup_arn = ddb.create_backup(
            TableName=cls.table, BackupName="doomed")["BackupDetails"]["BackupArn"]
        cls.doomed_table = cls.create_table(prefix="doomed")
        cls.provisioned = cls.create_table(prefix="prov", billing="PROVISIONED")
        # Snapshots of a table of their own: restoring one replaces that table.
        cls.snapshot_table = cls.create_table(prefix="snap")
        for name, body in (("CreateSnapshot", {"SnapshotName": "schema_kept", "TableNames": [cls.snapshot_table]}),
                           ("CreateSnapshot", {"SnapshotName": "schema_doomed", "TableNames": [cls.snapshot_table]}),
                           ("CreateDatabase", {"DatabaseName": "schema_doomed"})):
            resp = cls.send(name, body)
            if resp.status != 200:
                raise AssertionError("%s failed: %s" % (name, resp.body))
        cls.cases = cls.build_cases()

    @classmethod
    def endpoint_client(cls, service):
        from harness import client_config, make_session
        return make_session().client(service, endpoint_url=cls.endpoint, config=client_config())

    @classmethod
    def send(cls, operation, body):
        target = "%s.%s" % (TARGET_PREFIX.get(operation, DYNAMO), operation)
        if not isinstance(body, bytes):
            body = json.dumps(body).encode("utf-8")
        return raw_request(cls.endpoint, target, body)

    # ---- the cases -----------------------------------------------------------
    # Each operation: "type" (a request, the SerializationException's text),
    # "missing" (a request without a required member, the message),
    # "constraint" (a request breaking one constraint, the message), "several"
    # (a request breaking several, the parts of the message), "valid" (a
    # request the operation answers with 200). None: the operation has no
    # member of that kind.

    @classmethod
    def build_cases(cls):
        t, key = cls.table, {"pk": s("a")}
        long_name = "n" * 256
        new = lambda prefix: unique_name(prefix)  # noqa: E731
        restore_overrides = {"BillingModeOverride": "PAY_PER_REQUEST"}
        cases = {
            "BatchExecuteStatement": dict(
                type=({"Statements": {"Statement": "x"}}, "Start of structure or map found where not expected."),
                missing=({}, one(null("statements"))),
                constraint=({"Statements": []}, one(min_len("[]", "statements", 1))),
                several=({"Statements": [], "ReturnConsumedCapacity": "ALL"},
                         [enum("ALL", "returnConsumedCapacity", CAPACITY), min_len("[]", "statements", 1)]),
                valid={"Statements": [{"Statement": 'SELECT * FROM "%s" WHERE pk = \'a\'' % t}]}),
            "BatchGetItem": dict(
                type=({"RequestItems": "x"}, "Expected map or null"),
                missing=({}, "The requestItems parameter is required for BatchGetItem"),
                constraint=({"RequestItems": {t: {"Keys": [key]}}, "ReturnConsumedCapacity": "ALL"},
                            one(enum("ALL", "returnConsumedCapacity", CAPACITY))),
                several=({"RequestItems": {t: {"Keys": [key], "ConsistentRead": True, "AttributesToGet": []}},
                          "ReturnConsumedCapacity": "ALL"},
                         [enum("ALL", "returnConsumedCapacity", CAPACITY),
                          min_len("[]", "requestItems.%s.member.attributesToGet" % t, 1)]),
                valid={"RequestItems": {t: {"Keys": [key]}}}),
            "BatchWriteItem": dict(
                type=({"RequestItems": {t: "x"}}, "Expected list or null"),
                missing=({}, one(null("requestItems"))),
                constraint=({"RequestItems": {t: [{"PutRequest": {"Item": key}}]}, "ReturnItemCollectionMetrics": "ALL"},
                            one(enum("ALL", "returnItemCollectionMetrics", "[SIZE, NONE]"))),
                several=({"RequestItems": {t: [{"PutRequest": {"Item": key}}]}, "ReturnConsumedCapacity": "ALL",
                          "ReturnItemCollectionMetrics": "ALL"},
                         [enum("ALL", "returnConsumedCapacity", CAPACITY),
                          enum("ALL", "returnItemCollectionMetrics", "[SIZE, NONE]")]),
                valid={"RequestItems": {t: [{"PutRequest": {"Item": {"pk": s("bw")}}}]}}),
            "CreateBackup": dict(
                type=({"TableName": t, "BackupName": 5}, cannot_convert("Short", "String")),
                missing=({"BackupName": "b"}, REQUIRED_TABLE_NAME),
                constraint=({"TableName": t, "BackupName": long_name}, one(max_len(long_name, "backupName", 255))),
                several=({"TableName": "a;", "BackupName": "b;"},
                         [value("a;", "tableName", NAME_PATTERN), min_len("a;", "tableName", 3),
                          value("b;", "backupName", NAME_PATTERN), min_len("b;", "backupName", 3)]),
                valid={"TableName": t, "BackupName": "fresh"}),
            "CreateDatabase": dict(
                type=({"DatabaseName": 5}, cannot_convert("Short", "String")),
                missing=({}, one(null("databaseName"))),
                constraint=({"DatabaseName": ""}, one(min_len("", "databaseName", 1))),
                several=None,  # one member with one constraint
                valid={"DatabaseName": "schema_fresh"}),
            "CreateSnapshot": dict(
                type=({"SnapshotName": "x", "TableNames": "t"}, "Expected list or null"),
                missing=({"TableNames": [t]}, one(null("snapshotName"))),
                constraint=({"SnapshotName": "a b"}, one(value("a b", "snapshotName", NAME_PATTERN))),
                several=({"SnapshotName": long_name + ";"},
                         [value(long_name + ";", "snapshotName", NAME_PATTERN),
                          max_len(long_name + ";", "snapshotName", 255)]),
                valid={"SnapshotName": "schema_fresh", "TableNames": [cls.snapshot_table]}),
            "CreateTable": dict(
                type=({"TableName": new("ct"), "BillingMode": ["PAY_PER_REQUEST"]},
                      "Start of list found where not expected"),
                missing=({"KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}]}, REQUIRED_TABLE_NAME),
                constraint=({"TableName": new("ct"), "BillingMode": "FREE",
                             "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}],
                             "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}]},
                            one(enum("FREE", "billingMode", "[PROVISIONED, PAY_PER_REQUEST]"))),
                several=({"TableName": "a;", "BillingMode": "FREE", "KeySchema": []},
                         [null("attributeDefinitions"), value("a;", "tableName", NAME_PATTERN),
                          min_len("a;", "tableName", 3), enum("FREE", "billingMode", "[PROVISIONED, PAY_PER_REQUEST]"),
                          min_len("[]", "keySchema", 1)]),
                valid={"TableName": new("ct"), "BillingMode": "PAY_PER_REQUEST",
                       "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}],
                       "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}]}),
            "DeleteBackup": dict(
                type=({"BackupArn": True}, cannot_convert("Boolean", "String")),
                missing=({}, one(null("backupArn"))),
                constraint=({"BackupArn": "arn:short"}, one(min_len("arn:short", "backupArn", 37))),
                several=None,  # one member; min and max length exclude each other
                valid={"BackupArn": cls.doomed_backup_arn}),
            "DeleteDatabase": dict(
                type=({"DatabaseName": {"a": 1}}, "Start of structure or map found where not expected."),
                missing=({}, one(null("databaseName"))),
                constraint=None,  # only presence is checked
                several=None,
                valid={"DatabaseName": "schema_doomed"}),
            "DeleteItem": dict(
                type=({"TableName": t, "Key": key, "ReturnValues": 1}, cannot_convert("Short", "String")),
                missing=({"TableName": t}, one(null("key"))),
                constraint=({"TableName": t, "Key": key, "ReturnValues": "ALL"},
                            one(enum("ALL", "returnValues", RETURN_VALUES))),
                several=({"TableName": "abc;", "ReturnConsumedCapacity": "hi", "ReturnItemCollectionMetrics": "hi",
                          "ReturnValues": "hi"},
                         [null("key"), enum("hi", "returnConsumedCapacity", CAPACITY),
                          enum("hi", "returnItemCollectionMetrics", "[SIZE, NONE]"),
                          enum("hi", "returnValues", RETURN_VALUES), value("abc;", "tableName", NAME_PATTERN)]),
                valid={"TableName": t, "Key": {"pk": s("gone")}}),
            "DeleteSnapshot": dict(
                type=({"SnapshotName": 70000}, cannot_convert("Integer", "String")),
                missing=({}, one(null("snapshotName"))),
                constraint=({"SnapshotName": ""}, one(min_len("", "snapshotName", 1))),
                several=({"SnapshotName": "b;" * 128},
                         [value("b;" * 128, "snapshotName", NAME_PATTERN), max_len("b;" * 128, "snapshotName", 255)]),
                valid={"SnapshotName": "schema_doomed"}),
            "DeleteTable": dict(
                type=({"TableName": 1.5}, cannot_convert("Double", "String")),
                missing=({}, REQUIRED_TABLE_NAME),
                constraint=({"TableName": long_name}, one(max_len(long_name, "tableName", 255))),
                several=({"TableName": "a;"}, [value("a;", "tableName", NAME_PATTERN), min_len("a;", "tableName", 3)]),
                valid={"TableName": cls.doomed_table}),
        }
        cases.update(cls.build_cases_2())
        cases.update(cls.build_cases_3())
        return cases

    @classmethod
    def build_cases_2(cls):
        t, key = cls.table, {"pk": s("a")}
        long_name = "n" * 256
        short_arn = "arn:aws:dynamodb:us-east-1:0"
        return {
            "DescribeBackup": dict(
                type=({"BackupArn": 12}, cannot_convert("Short", "String")),
                missing=({}, one(null("backupArn"))),
                constraint=({"BackupArn": "a" * 1025}, one(max_len("a" * 1025, "backupArn", 1024))),
                several=None,
                valid={"BackupArn": cls.backup_arn}),
            "DescribeContinuousBackups": dict(
                type=({"TableName": False}, cannot_convert("Boolean", "String")),
                missing=({}, REQUIRED_TABLE_NAME),
                constraint=({"TableName": "a b c"}, one(value("a b c", "tableName", NAME_PATTERN))),
                several=({"TableName": ""}, [value("", "tableName", NAME_PATTERN), min_len("", "tableName", 3)]),
                valid={"TableName": t}),
            "DescribeContributorInsights": dict(
                type=({"TableName": t, "IndexName": 3}, cannot_convert("Short", "String")),
                missing=({"IndexName": "idx"}, REQUIRED_TABLE_NAME),
                constraint=({"TableName": t, "IndexName": "ix"}, one(min_len("ix", "indexName", 3))),
                several=({"TableName": "a;", "IndexName": "i;"},
                         [value("a;", "tableName", NAME_PATTERN), min_len("a;", "tableName", 3),
                          value("i;", "indexName", NAME_PATTERN), min_len("i;", "indexName", 3)]),
                valid={"TableName": t}),
            "DescribeStream": dict(
                type=({"StreamArn": cls.stream_arn, "Limit": "5"}, cannot_convert("String", "Integer")),
                missing=({"Limit": 5}, one(null("streamArn"))),
                constraint=({"StreamArn": cls.stream_arn, "Limit": 101}, one(max_value(101, "limit", 100))),
                several=({"StreamArn": short_arn, "Limit": 0, "ExclusiveStartShardId": "shard"},
                         [min_len(short_arn, "streamArn", 37), min_value(0, "limit", 1),
                          min_len("shard", "exclusiveStartShardId", 28)]),
                valid={"StreamArn": cls.stream_arn, "Limit": 10}),
            "DescribeTable": dict(
                type=({"TableName": ["x"]}, "Start of list found where not expected"),
                missing=({}, REQUIRED_TABLE_NAME),
                constraint=({"TableName": "ab"}, one(min_len("ab", "tableName", 3))),
                several=({"TableName": "x" * 255 + "!"},
                         [value("x" * 255 + "!", "tableName", NAME_PATTERN),
                          max_len("x" * 255 + "!", "tableName", 255)]),
                valid={"TableName": t}),
            "DescribeTimeToLive": dict(
                type=({"TableName": 99999999999}, cannot_convert("Long", "String")),
                missing=({}, REQUIRED_TABLE_NAME),
                constraint=({"TableName": "x" * 300}, one(max_len("x" * 300, "tableName", 255))),
                several=({"TableName": "é"}, [value("é", "tableName", NAME_PATTERN), min_len("é", "tableName", 3)]),
                valid={"TableName": t}),
            "ExecuteStatement": dict(
                type=({"Statement": "SELECT * FROM x", "ConsistentRead": "yes"}, "'YES' can not be converted to an Boolean"),
                missing=({"Limit": 5}, one(null("statement"))),
                constraint=({"Statement": 'SELECT * FROM "%s"' % t, "Limit": 0}, one(min_value(0, "limit", 1))),
                several=({"Statement": "", "ReturnConsumedCapacity": "X", "Limit": 0},
                         [min_value(0, "limit", 1), enum("X", "returnConsumedCapacity", CAPACITY),
                          min_len("", "statement", 1)]),
                valid={"Statement": 'SELECT * FROM "%s" WHERE pk = \'a\'' % t}),
            "ExecuteTransaction": dict(
                type=({"TransactStatements": "x"}, "Expected list or null"),
                missing=({"ClientRequestToken": "tok"}, one(null("transactStatements"))),
                constraint=({"TransactStatements": []}, one(min_len("[]", "transactStatements", 1))),
                several=({"TransactStatements": [], "ReturnConsumedCapacity": "X", "ClientRequestToken": ""},
                         [min_len("", "clientRequestToken", 1), enum("X", "returnConsumedCapacity", CAPACITY),
                          min_len("[]", "transactStatements", 1)]),
                valid={"TransactStatements": [{"Statement": 'SELECT * FROM "%s" WHERE pk = \'a\'' % t}]}),
            "GetItem": dict(
                type=({"TableName": t, "Key": key, "ConsistentRead": 1}, cannot_convert("Short", "Boolean")),
                missing=({"Key": key}, one(null("tableName"))),
                constraint=({"TableName": t, "Key": key, "AttributesToGet": []},
                            one(min_len("[]", "attributesToGet", 1))),
                several=({"TableName": "abc;", "ReturnConsumedCapacity": "hi"},
                         [null("key"), enum("hi", "returnConsumedCapacity", CAPACITY),
                          value("abc;", "tableName", NAME_PATTERN)]),
                valid={"TableName": t, "Key": key}),
            "GetRecords": dict(
                type=({"ShardIterator": cls.iterator, "Limit": True}, cannot_convert("Boolean", "Integer")),
                missing=({"Limit": 5}, one(null("shardIterator"))),
                constraint=({"ShardIterator": cls.iterator, "Limit": 1001}, one(max_value(1001, "limit", 1000))),
                several=({"ShardIterator": "", "Limit": 0},
                         [min_len("", "shardIterator", 1), min_value(0, "limit", 1)]),
                valid={"ShardIterator": cls.iterator}),
            "GetShardIterator": dict(
                type=({"StreamArn": cls.stream_arn, "ShardId": cls.shard_id, "ShardIteratorType": {}},
                      "Start of structure or map found where not expected."),
                missing=({"StreamArn": cls.stream_arn, "ShardId": cls.shard_id}, one(null("shardIteratorType"))),
                constraint=({"StreamArn": cls.stream_arn, "ShardId": cls.shard_id, "ShardIteratorType": "OLDEST"},
                            one(enum("OLDEST", "shardIteratorType",
                                     "[TRIM_HORIZON, LATEST, AT_SEQUENCE_NUMBER, AFTER_SEQUENCE_NUMBER]"))),
                several=({"StreamArn": "x", "ShardId": "y", "ShardIteratorType": "Z", "SequenceNumber": "1"},
                         [min_len("x", "streamArn", 37), min_len("y", "shardId", 28),
                          enum("Z", "shardIteratorType", "[TRIM_HORIZON, LATEST, AT_SEQUENCE_NUMBER, AFTER_SEQUENCE_NUMBER]"),
                          min_len("1", "sequenceNumber", 21)]),
                valid={"StreamArn": cls.stream_arn, "ShardId": cls.shard_id, "ShardIteratorType": "LATEST"}),
            "ListBackups": dict(
                type=({"Limit": "10"}, cannot_convert("String", "Integer")),
                missing=None,  # no required member
                constraint=({"BackupType": "MINE"}, one(enum("MINE", "backupType", "[USER, SYSTEM, AWS_BACKUP, ALL]"))),
                several=({"TableName": "a;", "Limit": 0, "ExclusiveStartBackupArn": "arn"},
                         [value("a;", "tableName", NAME_PATTERN), min_len("a;", "tableName", 3),
                          min_value(0, "limit", 1), min_len("arn", "exclusiveStartBackupArn", 37)]),
                valid={"TableName": t}),
            "ListContributorInsights": dict(
                type=({"MaxResults": [1]}, "Start of list found where not expected"),
                missing=None,
                constraint=({"MaxResults": 101}, one(max_value(101, "maxResults", 100))),
                several=({"TableName": "a", "MaxResults": 1000},
                         [min_len("a", "tableName", 3), max_value(1000, "maxResults", 100)]),
                valid={"TableName": t}),
            "ListStreams": dict(
                type=({"TableName": 7}, cannot_convert("Short", "String")),
                missing=None,
                constraint=({"Limit": 0}, one(min_value(0, "limit", 1))),
                several=({"TableName": long_name, "Limit": 101, "ExclusiveStartStreamArn": "arn"},
                         [max_len(long_name, "tableName", 255), max_value(101, "limit", 100),
                          min_len("arn", "exclusiveStartStreamArn", 37)]),
                valid={"TableName": t}),
            "ListTables": dict(
                type=({"Limit": "5"}, cannot_convert("String", "Integer")),
                missing=None,
                constraint=({"Limit": 0}, one(min_value(0, "limit", 1))),
                several=({"Limit": 101, "ExclusiveStartTableName": "89hls;;f;d"},
                         [value("89hls;;f;d", "exclusiveStartTableName", NAME_PATTERN),
                          max_value(101, "limit", 100)]),
                valid={"Limit": 5}),
            "ListTagsOfResource": dict(
                type=({"ResourceArn": cls.table_arn, "NextToken": 5}, cannot_convert("Short", "String")),
                missing=({"NextToken": "x"}, one(null("resourceArn"))),
                constraint=({"ResourceArn": ""}, one(min_len("", "resourceArn", 1))),
                several=None,  # one constrained member
                valid={"ResourceArn": cls.table_arn}),
        }

    @classmethod
    def build_cases_3(cls):
        t, key = cls.table, {"pk": s("a")}
        select = "[SPECIFIC_ATTRIBUTES, COUNT, ALL_ATTRIBUTES, ALL_PROJECTED_ATTRIBUTES]"
        billing = "[PROVISIONED, PAY_PER_REQUEST]"
        return {
            "PutItem": dict(
                type=({"TableName": t, "Item": ["pk"]}, "Start of list found where not expected"),
                missing=({"TableName": t}, one(null("item"))),
                constraint=({"TableName": t, "Item": key, "ConditionalOperator": "XOR"},
                            one(enum("XOR", "conditionalOperator", "[AND, OR]"))),
                several=({"TableName": "", "Item": key, "ReturnValues": "SOME",
                          "ReturnValuesOnConditionCheckFailure": "ALL"},
                         [enum("SOME", "returnValues", RETURN_VALUES),
                          enum("ALL", "returnValuesOnConditionCheckFailure", "[ALL_OLD, NONE]"),
                          min_len("", "tableName", 1)]),
                valid={"TableName": t, "Item": {"pk": s("put")}}),
            "Query": dict(
                type=({"TableName": t, "Limit": "1"}, cannot_convert("String", "Integer")),
                missing=({"KeyConditionExpression": "pk = :p"}, one(null("tableName"))),
                constraint=({"TableName": t, "Select": "SOME", "KeyConditionExpression": "pk = :p",
                             "ExpressionAttributeValues": {":p": s("a")}}, one(enum("SOME", "select", select))),
                several=({"TableName": t, "Limit": 0, "IndexName": "ix", "ScanIndexForward": True},
                         [min_len("ix", "indexName", 3), min_value(0, "limit", 1)]),
                valid={"TableName": t, "KeyConditionExpression": "pk = :p",
                       "ExpressionAttributeValues": {":p": s("a")}}),
            "RestoreSnapshot": dict(
                type=({"SnapshotName": False}, cannot_convert("Boolean", "String")),
                missing=({}, one(null("snapshotName"))),
                constraint=({"SnapshotName": "kept?"}, one(value("kept?", "snapshotName", NAME_PATTERN))),
                several=None,
                valid={"SnapshotName": "schema_kept"}),
            "RestoreTableFromBackup": dict(
                type=({"TargetTableName": "x", "BackupArn": cls.backup_arn, "SSESpecificationOverride": "on"},
                      "Expected null"),
                missing=({"TargetTableName": unique_name("r")}, one(null("backupArn"))),
                constraint=({"TargetTableName": unique_name("r"), "BackupArn": cls.backup_arn,
                             "BillingModeOverride": "FREE"}, one(enum("FREE", "billingModeOverride", billing))),
                several=({"TargetTableName": "r", "BackupArn": "arn"},
                         [min_len("r", "targetTableName", 3), min_len("arn", "backupArn", 37)]),
                valid={"TargetTableName": unique_name("r"), "BackupArn": cls.backup_arn}),
            "RestoreTableToPointInTime": dict(
                type=({"SourceTableName": t, "TargetTableName": "x", "UseLatestRestorableTime": "true"},
                      "'TRUE' can not be converted to an Boolean"),
                missing=({"SourceTableName": t, "UseLatestRestorableTime": True}, one(null("targetTableName"))),
                constraint=({"SourceTableName": t, "TargetTableName": unique_name("p"),
                             "UseLatestRestorableTime": True, "BillingModeOverride": "FREE"},
                            one(enum("FREE", "billingModeOverride", billing))),
                several=({"SourceTableArn": "", "SourceTableName": "s", "TargetTableName": "t;"},
                         [min_len("", "sourceTableArn", 1), min_len("s", "sourceTableName", 3),
                          value("t;", "targetTableName", NAME_PATTERN), min_len("t;", "targetTableName", 3)]),
                valid={"SourceTableName": t, "TargetTableName": unique_name("p"), "UseLatestRestorableTime": True}),
            "Scan": dict(
                type=({"TableName": t, "Segment": "0", "TotalSegments": 2}, cannot_convert("String", "Integer")),
                missing=({"Limit": 5}, one(null("tableName"))),
                constraint=({"TableName": t, "TotalSegments": 1000001},
                            one(max_value(1000001, "totalSegments", 1000000))),
                several=({"TableName": t, "Segment": -1, "TotalSegments": 0, "Select": "ALL"},
                         [min_value(-1, "segment", 0), enum("ALL", "select", select),
                          min_value(0, "totalSegments", 1)]),
                valid={"TableName": t, "Limit": 10}),
            "TagResource": dict(
                type=({"ResourceArn": cls.table_arn, "Tags": "x"}, "Expected list or null"),
                missing=({"ResourceArn": cls.table_arn}, one(null("tags"))),
                constraint=({"ResourceArn": "", "Tags": [{"Key": "k", "Value": "v"}]},
                            one(min_len("", "resourceArn", 1))),
                several=({}, [null("resourceArn"), null("tags")]),
                valid={"ResourceArn": cls.table_arn, "Tags": [{"Key": "k", "Value": "v"}]}),
            "TransactGetItems": dict(
                type=({"TransactItems": [{"Get": "x"}]}, "Expected null"),
                missing=({"ReturnConsumedCapacity": "TOTAL"}, one(null("transactItems"))),
                constraint=({"TransactItems": []}, one(min_len("[]", "transactItems", 1))),
                several=({"TransactItems": [], "ReturnConsumedCapacity": "X"},
                         [min_len("[]", "transactItems", 1), enum("X", "returnConsumedCapacity", CAPACITY)]),
                valid={"TransactItems": [{"Get": {"TableName": t, "Key": key}}]}),
            "TransactWriteItems": dict(
                type=({"TransactItems": [], "ClientRequestToken": 5}, cannot_convert("Short", "String")),
                missing=({"ClientRequestToken": "tok"}, one(null("transactItems"))),
                constraint=({"TransactItems": [{"Put": {"TableName": t, "Item": key}}], "ClientRequestToken": ""},
                            one(min_len("", "clientRequestToken", 1))),
                several=({"TransactItems": [], "ReturnConsumedCapacity": "X", "ClientRequestToken": ""},
                         [min_len("[]", "transactItems", 1), enum("X", "returnConsumedCapacity", CAPACITY),
                          min_len("", "clientRequestToken", 1)]),
                valid={"TransactItems": [{"Put": {"TableName": t, "Item": {"pk": s("tw")}}}]}),
            "UntagResource": dict(
                type=({"ResourceArn": cls.table_arn, "TagKeys": [1]}, cannot_convert("Short", "String")),
                missing=({"ResourceArn": cls.table_arn}, one(null("tagKeys"))),
                constraint=({"ResourceArn": "", "TagKeys": ["k"]}, one(min_len("", "resourceArn", 1))),
                several=({}, [null("resourceArn"), null("tagKeys")]),
                valid={"ResourceArn": cls.table_arn, "TagKeys": ["k"]}),
            "UpdateContinuousBackups": dict(
                type=({"TableName": t, "PointInTimeRecoverySpecification": {"PointInTimeRecoveryEnabled": "no"}},
                      "'NO' can not be converted to an Boolean"),
                missing=({"TableName": t}, one(null("pointInTimeRecoverySpecification"))),
                constraint=({"TableName": t, "PointInTimeRecoverySpecification": {
                    "PointInTimeRecoveryEnabled": True, "RecoveryPeriodInDays": 36}},
                    one(max_value(36, "pointInTimeRecoverySpecification.recoveryPeriodInDays", 35))),
                several=({"TableName": t, "PointInTimeRecoverySpecification": {"RecoveryPeriodInDays": 0}},
                         [null("pointInTimeRecoverySpecification.pointInTimeRecoveryEnabled"),
                          min_value(0, "pointInTimeRecoverySpecification.recoveryPeriodInDays", 1)]),
                valid={"TableName": t, "PointInTimeRecoverySpecification": {"PointInTimeRecoveryEnabled": True}}),
            "UpdateContributorInsights": dict(
                type=({"TableName": t, "ContributorInsightsAction": 1}, cannot_convert("Short", "String")),
                missing=({"TableName": t}, one(null("contributorInsightsAction"))),
                constraint=({"TableName": t, "ContributorInsightsAction": "START"},
                            one(enum("START", "contributorInsightsAction", "[ENABLE, DISABLE]"))),
                several=({"TableName": t, "ContributorInsightsAction": "START", "ContributorInsightsMode": "ALL",
                          "IndexName": "ix"},
                         [enum("START", "contributorInsightsAction", "[ENABLE, DISABLE]"),
                          enum("ALL", "contributorInsightsMode", "[ACCESSED_AND_THROTTLED_KEYS, THROTTLED_KEYS]"),
                          min_len("ix", "indexName", 3)]),
                valid={"TableName": t, "ContributorInsightsAction": "ENABLE"}),
            "UpdateItem": dict(
                type=({"TableName": t, "Key": key, "UpdateExpression": {"SET": "a"}},
                      "Start of structure or map found where not expected."),
                missing=({"TableName": t, "UpdateExpression": "SET v = :v"}, one(null("key"))),
                constraint=({"TableName": t, "Key": key, "ReturnConsumedCapacity": "SOME"},
                            one(enum("SOME", "returnConsumedCapacity", CAPACITY))),
                several=({"Key": key, "ReturnItemCollectionMetrics": "ALL", "ReturnValues": "NEW"},
                         [enum("ALL", "returnItemCollectionMetrics", "[SIZE, NONE]"),
                          enum("NEW", "returnValues", RETURN_VALUES), null("tableName")]),
                valid={"TableName": t, "Key": key, "UpdateExpression": "SET v = :v",
                       "ExpressionAttributeValues": {":v": s("2")}}),
            "UpdateTable": dict(
                type=({"TableName": t, "ProvisionedThroughput": "x"}, "Expected null"),
                missing=({"BillingMode": "PAY_PER_REQUEST"}, REQUIRED_TABLE_NAME),
                constraint=({"TableName": t, "BillingMode": "FREE"}, one(enum("FREE", "billingMode", billing))),
                several=({"TableName": "ab", "BillingMode": "X"},
                         [min_len("ab", "tableName", 3), enum("X", "billingMode", billing)]),
                valid={"TableName": cls.provisioned,
                       "ProvisionedThroughput": {"ReadCapacityUnits": 7, "WriteCapacityUnits": 7}}),
            "UpdateTimeToLive": dict(
                type=({"TableName": t, "TimeToLiveSpecification": "x"}, "Expected null"),
                missing=({"TableName": t}, one(null("timeToLiveSpecification"))),
                constraint=({"TableName": t, "TimeToLiveSpecification": {"Enabled": True, "AttributeName": ""}},
                            one(min_len("", "timeToLiveSpecification.attributeName", 1))),
                several=({"TableName": t, "TimeToLiveSpecification": {}},
                         [null("timeToLiveSpecification.enabled"), null("timeToLiveSpecification.attributeName")]),
                valid={"TableName": t, "TimeToLiveSpecification": {"Enabled": True, "AttributeName": "ttl"}}),
        }

    # ---- assertions ----------------------------------------------------------

    def assertError(self, operation, body, full_type, message):
        resp = self.send(operation, body)
        self.assertEqual(resp.status, 400, "%s %r: %s" % (operation, body, resp.body))
        doc = resp.json()
        self.assertEqual(doc.get("__type"), full_type, "%s %r: %s" % (operation, body, resp.body))
        key = "Message" if full_type == SERIALIZATION else "message"
        self.assertEqual(doc.get(key), message, "%s %r" % (operation, body))
        if message is None:
            self.assertNotIn("message", doc)
        return doc

    def each_case(self, kind):
        """(operation, case) for every operation with a case of `kind`; the
        operations without one are the ones that really have no such member."""
        return [(op, self.cases[op][kind]) for op in sorted(self.cases) if self.cases[op][kind] is not None]

    # ---- tests ---------------------------------------------------------------

    def test_every_operation_has_cases(self):
        operations = set(engine_operations()) | set(SERVER_OPERATIONS)
        self.assertGreaterEqual(len(operations), 47)
        self.assertEqual(set(self.cases) | set(MEMBERLESS), operations)
        for operation, case in self.cases.items():
            self.assertEqual(set(case), {"type", "missing", "constraint", "several", "valid"}, operation)
            self.assertIsNotNone(case["type"], operation)

    def test_wrong_json_type_is_serialization_exception(self):
        for operation, (body, message) in self.each_case("type"):
            with self.subTest(operation=operation):
                self.assertError(operation, body, SERIALIZATION, message)

    def test_missing_required_member(self):
        for operation, (body, message) in self.each_case("missing"):
            with self.subTest(operation=operation):
                self.assertError(operation, body, VALIDATION, message)

    def test_operations_without_required_members_accept_an_empty_request(self):
        no_required = [op for op, case in self.cases.items() if case["missing"] is None] + list(MEMBERLESS)
        self.assertIn("ListTables", no_required)
        for operation in sorted(no_required):
            with self.subTest(operation=operation):
                resp = self.send(operation, {})
                self.assertEqual(resp.status, 200, resp.body)

    def test_one_broken_constraint(self):
        for operation, (body, message) in self.each_case("constraint"):
            with self.subTest(operation=operation):
                self.assertError(operation, body, VALIDATION, message)

    def test_several_broken_members_are_reported_together(self):
        for operation, (body, parts) in self.each_case("several"):
            with self.subTest(operation=operation):
                resp = self.send(operation, body)
                self.assertEqual(resp.status, 400, resp.body)
                doc = resp.json()
                self.assertEqual(doc.get("__type"), VALIDATION, resp.body)
                prefix = "%d validation errors detected: " % len(parts)
                message = doc.get("message", "")
                self.assertTrue(message.startswith(prefix), "%r lacks %r" % (message, prefix))
                self.assertCountEqual(message[len(prefix):].split("; "), parts)

    def test_a_type_error_wins_over_constraint_errors(self):
        for operation, (body, message) in self.each_case("type"):
            with self.subTest(operation=operation):
                broken = self.cases[operation]["several"] or self.cases[operation]["constraint"]
                if broken is None:
                    continue
                merged = dict(broken[0])
                merged.update(body)
                self.assertError(operation, merged, SERIALIZATION, message)

    def test_nested_type_errors_win_over_constraint_errors(self):
        # The whole request is deserialized before any constraint is looked
        # at, however deep the member of the wrong type sits.
        rcc = {"ReturnConsumedCapacity": "X"}
        cases = [
            ("TransactWriteItems", {"TransactItems": [{"Put": "x"}]}, "Expected null"),
            ("TransactWriteItems", {"TransactItems": [{"Update": {"Key": {"pk": "x"}}}], "ClientRequestToken": ""},
             "Expected null"),
            ("TransactWriteItems", {"TransactItems": [{"ConditionCheck": {"ConditionExpression": True}}]},
             cannot_convert("Boolean", "String")),
            ("TransactGetItems", {"TransactItems": [{"Get": {"TableName": 1}}]}, cannot_convert("Short", "String")),
            ("BatchWriteItem", {"RequestItems": {"abc": [{"PutRequest": "x"}]}}, "Expected null"),
            ("BatchWriteItem", {"RequestItems": {"abc": [{"DeleteRequest": {"Key": []}}]}},
             "Start of list found where not expected"),
            ("BatchGetItem", {"RequestItems": {"abc": {"Keys": [{"a": s("x")}], "ConsistentRead": "yes"}}},
             "'YES' can not be converted to an Boolean"),
            ("BatchGetItem", {"RequestItems": {"abc": {"Keys": ["k"]}}}, "Expected map or null"),
            ("BatchExecuteStatement", {"Statements": [{"Statement": 5}]}, cannot_convert("Short", "String")),
            ("ExecuteTransaction", {"TransactStatements": [{"Statement": "x", "Parameters": "p"}]},
             "Expected list or null"),
            ("ExecuteTransaction", {"TransactStatements": [{"Statement": "x", "Parameters": ["p"]}]},
             "Expected null"),
            ("ExecuteStatement", {"Statement": "x", "Parameters": ["p"], "Limit": 0}, "Expected null"),
        ]
        for operation, body, message in cases:
            with self.subTest(operation=operation, body=body):
                self.assertError(operation, dict(body, **rcc), SERIALIZATION, message)

    def test_valid_requests_pass_the_schema(self):
        for operation, body in self.each_case("valid"):
            with self.subTest(operation=operation):
                resp = self.send(operation, body)
                self.assertEqual(resp.status, 200, "%s: %s" % (operation, resp.body))
                self.assertIsInstance(resp.json(), dict)

    def test_memberless_operations_ignore_unknown_members(self):
        for operation in MEMBERLESS:
            with self.subTest(operation=operation):
                resp = self.send(operation, {"Unknown": [1, {"x": None}], "Limit": "x"})
                self.assertEqual(resp.status, 200, resp.body)

    def test_null_members_count_as_absent(self):
        for operation, (body, message) in self.each_case("type"):
            with self.subTest(operation=operation):
                nulled = {k: None for k in body}
                resp = self.send(operation, nulled)
                self.assertNotEqual(resp.json().get("__type"), SERIALIZATION, "%s: %s" % (operation, resp.body))

    # ---- payloads that are not a JSON object --------------------------------

    NOT_OBJECTS = [
        (b"null", None),
        (b"[]", "Start of list found where not expected"),
        (b"[{}]", "Start of list found where not expected"),
        (b"1", None),
        (b"-2.5", None),
        (b'"x"', None),
        (b"true", None),
        (b"false", None),
        (b"", None),
        (b"   ", None),
        (b"{", None),
        (b"{}}", None),
        (b"{\"TableName\": }", None),
        (b"nul", None),
    ]

    def test_a_payload_that_is_no_object_is_serialization_exception(self):
        operations = sorted(set(self.cases) | set(MEMBERLESS))
        tables_before = self.ddb.list_tables()["TableNames"]
        for operation in operations:
            for body, message in self.NOT_OBJECTS:
                with self.subTest(operation=operation, body=body):
                    self.assertError(operation, body, SERIALIZATION, message)
        # Nothing ran: no table was created, deleted or restored.
        self.assertEqual(self.ddb.list_tables()["TableNames"], tables_before)


if __name__ == "__main__":
    unittest.main()
