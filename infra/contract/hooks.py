"""Values the schema cannot state, for the contract test (infra/contract-test.sh).

A phone number must exist in its numbering plan and an email must end in a known top-level domain;
JSON Schema says neither. These strategies draw values that are valid in that sense, so a
schema-valid request the API refuses is a true mismatch, not a random number it rightly refuses.
"""
import re
import unicodedata
import uuid

from hypothesis import strategies as st

import schemathesis

# Vietnamese mobile numbers (09x is in use whole), written as learners write them.
schemathesis.openapi.format("phone", st.from_regex(r"\A(0|\+84 ?)9[0-8][0-9] ?[0-9]{3} ?[0-9]{3}\Z"))

schemathesis.openapi.format("email", st.from_regex(
    r"\A[a-z0-9]{1,20}([._+-][a-z0-9]{1,10})?@([a-z0-9]{1,15}\.){1,2}(vn|com|org|edu\.vn)\Z"))


@schemathesis.hook
def filter_body(context, body):
    # The generator's Unicode tables are newer than the Java runtime's: a character it counts as a
    # letter or mark (the full name's \p{L}, \p{M}) may be unassigned to the API, which refuses
    # unassigned characters in a name.
    name = body.get("fullName") if isinstance(body, dict) else None
    return not isinstance(name, str) or all(unicodedata.category(char) not in ("Cn", "Co") for char in name)


IDEMPOTENCY_KEY = re.compile(r"\A[!-~]{1,255}\Z")


@schemathesis.hook
def before_call(context, case, kwargs):
    # A key sent again with another request is refused (422) by design: each request that carries a
    # valid key gets a key of its own, as a client makes one per request, in every phase (the coverage
    # phase sends the same boundary values again and again). Invalid keys stay, to be refused.
    headers = case.headers or {}
    for name in list(headers):
        if name.lower() == "idempotency-key" and isinstance(headers[name], str) and IDEMPOTENCY_KEY.match(headers[name]):
            headers[name] = str(uuid.uuid4())
