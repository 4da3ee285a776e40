"""The local AWS emulator: moto's server, with DynamoDB's isolation added.

moto rolls a failed TransactWriteItems back by putting back copies of whole tables taken before
it ran, which also undoes whatever other requests wrote meanwhile; DynamoDB never does that. Every
DynamoDB operation here takes one lock, so each runs as if alone, as a transaction does in AWS.

moto's state (/moto-api/data.json, where the tests read the mail SES sent) can be asked for one
service (?service=ses): the whole of it walks every DynamoDB item, minutes once a run has written
thousands.

/moto-api/dynamodb-digest is a digest of every item of every table, taken under the same lock: equal
before and after a request that stored nothing (the contract test checks this of every refusal).
"""
import functools
import hashlib
import json
import sys
import threading
from urllib.parse import parse_qs, urlparse

from moto.core.model_instances import model_data as tracked_models
from moto.dynamodb.models import DynamoDBBackend, dynamodb_backends
from moto.moto_api._internal import urls as moto_api_urls
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


def dynamodb_digest(request, full_url, headers):
    items = []
    with _ONE_AT_A_TIME:
        for account in dynamodb_backends.values():
            for backend in account.values():
                for name, table in backend.tables.items():
                    items.extend(name + json.dumps(item.to_json(), sort_keys=True) for item in table.all_items())
    digest = hashlib.sha256("\n".join(sorted(items)).encode()).hexdigest()
    return 200, {"Content-Type": "text/plain"}, digest


moto_api_urls.url_paths["{0}/moto-api/dynamodb-digest"] = dynamodb_digest

if __name__ == "__main__":
    main(sys.argv[1:])
