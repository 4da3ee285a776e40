"""The local AWS emulator: moto's server, with DynamoDB's isolation added.

moto rolls a failed TransactWriteItems back by putting back copies of whole tables taken before
it ran, which also undoes whatever other requests wrote meanwhile; DynamoDB never does that. Every
DynamoDB operation here takes one lock, so each runs as if alone, as a transaction does in AWS.
"""
import functools
import sys
import threading

from moto.dynamodb.models import DynamoDBBackend
from moto.server import main

_ONE_AT_A_TIME = threading.RLock()
_OPERATIONS = (
    "get_item", "put_item", "update_item", "delete_item", "query", "scan",
    "batch_get_item", "batch_write_item", "transact_get_items", "transact_write_items",
)


def _isolated(operation):
    @functools.wraps(operation)
    def run(self, *args, **kwargs):
        with _ONE_AT_A_TIME:
            return operation(self, *args, **kwargs)
    return run


for name in _OPERATIONS:
    setattr(DynamoDBBackend, name, _isolated(getattr(DynamoDBBackend, name)))

if __name__ == "__main__":
    main(sys.argv[1:])
