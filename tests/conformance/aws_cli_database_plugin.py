"""An AWS CLI (v1) plugin that sends every `aws dynamodb` request to the named
database in $DYNAMO_ITEMS_DATABASE (the X-Dynamo-Items-Database header), so
the CLI can work in a database cloned with CreateDatabase. Enabled by a
config file (AWS_CONFIG_FILE) holding

    [plugins]
    dynamo_items_database = aws_cli_database_plugin

with this folder on PYTHONPATH (test_databases_isolation.py does that)."""

import os


def _add_header(request, **_kwargs):
    name = os.environ.get("DYNAMO_ITEMS_DATABASE")
    if name:
        request.headers["X-Dynamo-Items-Database"] = name


def awscli_initialize(cli):
    cli.register("before-sign.dynamodb.*", _add_header)
