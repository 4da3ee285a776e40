"""The local AWS emulator: moto's server, with DynamoDB's isolation added, and transactions that
cost what they touch.

moto rolls a failed TransactWriteItems back by putting back copies of whole tables taken before
it ran, which also undoes whatever other requests wrote meanwhile; DynamoDB never does that. Every
DynamoDB operation here takes one lock, so each runs as if alone, as a transaction does in AWS.

Those copies, one per operation, also made every transaction cost in proportion to what its tables
hold (2.2 s for three operations on a table of 20,000 small items; TransactionCostBenchmark). Here a
transaction copies instead the items its operations name, as they were (or their absence), and puts
exactly those back if it fails for any reason. moto's own transaction still runs, with only its
table copy taken away: its validation, its order of cancellation reasons and its ALL_OLD items are
kept, not rewritten (a hundred lines that would then have to follow moto's). Stream records of a
cancelled transaction's writes stay (the template declares no streams).

moto's state (/moto-api/data.json, where the tests read the mail SES sent) can be asked for one
service (?service=ses): the whole of it walks every DynamoDB item, minutes once a run has written
thousands.

/moto-api/dynamodb-digest is a digest of every item of every table, taken under the same lock: equal
before and after a request that stored nothing (the contract test checks this of every refusal).
It is walked again only once a write operation has begun since the last walk.
?ignore=session%23:lastSeenAt,expiresAt leaves out those attributes of the items whose key starts
with "session#" (a session's use, which a signed-in request records even when it is refused).
"""
import copy
import functools
import hashlib
import json
import sys
import threading
from urllib.parse import parse_qs, urlparse

from moto.core.model_instances import model_data as tracked_models
from moto.dynamodb import models as dynamodb_models
from moto.dynamodb.exceptions import MockValidationException, ResourceNotFoundException
from moto.dynamodb.models import DynamoDBBackend, dynamodb_backends
from moto.dynamodb.models.table import Table
from moto.moto_api._internal import urls as moto_api_urls
from moto.server import main

_ONE_AT_A_TIME = threading.RLock()
_READS = ("get_item", "query", "scan", "batch_get_item", "transact_get_items")
_WRITES = ("put_item", "update_item", "delete_item", "batch_write_item", "transact_write_items")
# Write operations begun, refused or not: while it stands still, the items are as they were.
_writes_begun = 0


def _isolated(operation, writes):
    @functools.wraps(operation)
    def run(self, *args, **kwargs):
        global _writes_begun
        with _ONE_AT_A_TIME:
            if writes:
                _writes_begun += 1
            return operation(self, *args, **kwargs)
    return run


class _CopyOfAllButTables:
    """`copy` as moto's DynamoDB backend sees it: a table comes back uncopied (the backend copies
    tables only to undo a failed transaction, which _restore does item by item)."""

    @staticmethod
    def deepcopy(value, memo=None):
        return value if isinstance(value, Table) else copy.deepcopy(value, memo)


dynamodb_models.copy = _CopyOfAllButTables


def _prior_states(backend, transact_items):
    """Each item a transaction names, with a copy of it as it is now (None if absent).

    A copy, not the item: moto's update_item changes the stored item in place.
    """
    states = []
    for operation in transact_items:
        for request in operation.values():
            try:
                table = backend.get_table(request["TableName"])
                hash_key, range_key = backend.get_keys_value(table, request.get("Key") or request["Item"])
            except (KeyError, ResourceNotFoundException, MockValidationException):
                continue  # moto refuses such an operation before it writes anything
            states.append((table, hash_key, range_key, copy.deepcopy(table.get_item(hash_key, range_key))))
    return states


def _restore(states):
    for table, hash_key, range_key, prior in states:
        items, key = (table.items[hash_key], range_key) if table.has_range_key else (table.items, hash_key)
        if prior is None:
            items.pop(key, None)
        else:
            items[key] = prior


_moto_transact_write_items = DynamoDBBackend.transact_write_items


def _transact_write_items(self, transact_items):
    prior_states = _prior_states(self, transact_items)
    try:
        return _moto_transact_write_items(self, transact_items)
    except Exception:
        _restore(prior_states)
        raise


DynamoDBBackend.transact_write_items = _transact_write_items

for name in _READS + _WRITES:
    setattr(DynamoDBBackend, name, _isolated(getattr(DynamoDBBackend, name), name in _WRITES))

_whole_state = moto_api_urls.url_paths["{0}/moto-api/data.json"]


def _attributes(instance):
    """An instance's public attributes that JSON can hold, as moto's own state dump gives them."""
    kept = {}
    for name in dir(instance):
        if not name.startswith("_"):
            try:
                value = getattr(instance, name)
                json.dumps(value)
            except (TypeError, AttributeError, ValueError):
                continue
            kept[name] = value
    return kept


def state_of_services(request, full_url, headers):
    services = parse_qs(urlparse(full_url).query).get("service")
    if not services:
        return _whole_state(request, full_url, headers)
    state = {service: {name: [_attributes(instance) for instance in list(model.instances_tracked)]
                       for name, model in sorted(tracked_models.get(service, {}).items())}
             for service in services}
    return 200, {"Content-Type": "application/javascript"}, json.dumps(state)


moto_api_urls.url_paths["{0}/moto-api/data.json"] = state_of_services


_digests = {}


def dynamodb_digest(request, full_url, headers):
    ignore = tuple(parse_qs(urlparse(full_url).query).get("ignore", []))
    with _ONE_AT_A_TIME:
        # Walking every item costs tens of milliseconds a thousand items: taken again only after a write.
        written, digest = _digests.get(ignore, (None, None))
        if written != _writes_begun:
            digest = _items_digest([rule.split(":", 1) for rule in ignore])
            _digests[ignore] = (_writes_begun, digest)
    return 200, {"Content-Type": "text/plain"}, digest


def _items_digest(ignored):
    items = []
    for account in dynamodb_backends.values():
        for backend in account.values():
            for name, table in backend.tables.items():
                for item in table.all_items():
                    attributes = item.to_json()["Attributes"]
                    key = str(item.hash_key.value)
                    for prefix, names in ignored:
                        if key.startswith(prefix):
                            attributes = {n: v for n, v in attributes.items() if n not in names.split(",")}
                    items.append(name + json.dumps(attributes, sort_keys=True, default=repr))
    return hashlib.sha256("\n".join(sorted(items)).encode()).hexdigest()


moto_api_urls.url_paths["{0}/moto-api/dynamodb-digest"] = dynamodb_digest

if __name__ == "__main__":
    main(sys.argv[1:])
