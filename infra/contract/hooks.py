"""Values the schema cannot state, and what a refusal must never do, for the contract test
(infra/contract-test.sh).

A phone number must exist in its numbering plan and an email must end in a known top-level domain;
JSON Schema says neither. These strategies draw values that are valid in that sense, so a
schema-valid request the API refuses is a true mismatch, not a random number it rightly refuses; and
the coverage phase's boundary values (drawn from the schema alone) are dropped from the cases that
must be accepted when their phone number is one no numbering plan has.

Every request the API refuses (a 4xx), hostile or merely wrong, must come back with none of the
values it sent and must leave the tables as they were: the two checks at the end.
"""
import json
import os
import re
import unicodedata
import urllib.request
import uuid
from pathlib import Path

from hypothesis import strategies as st

import phonenumbers
import schemathesis
import yaml
from schemathesis.generation.modes import GenerationMode

# Vietnamese mobile numbers (09x is in use whole), written as learners write them.
schemathesis.openapi.format("phone", st.from_regex(r"\A(0|\+84 ?)9[0-8][0-9] ?[0-9]{3} ?[0-9]{3}\Z"))

# Addresses at known top-level domains, some of them internationalised (the API mails those in their ASCII form).
schemathesis.openapi.format("idn-email", st.from_regex(
    r"\A[a-z0-9]{1,20}([._+-][a-z0-9]{1,10})?@([a-z0-9]{1,15}\.|học\.|trường-học\.){1,2}(vn|com|org|edu\.vn)\Z"))


@schemathesis.hook
def filter_case(context, case):
    # The same numbering plans as the API's (phonenumbers follows libphonenumber, pinned to its version).
    if case.meta is None or case.meta.generation.mode != GenerationMode.POSITIVE or not isinstance(case.body, dict):
        return True
    phone = case.body.get("phone")
    return (not isinstance(phone, str) or _is_numbering_plan_number(phone)) and _answers_listed_purposes(case.body)


def _answers_listed_purposes(body):
    # Which purposes exist is data (staff add them), so a well-formed id may name none: refused by design.
    # A valid request answers the purposes the document names, and names news and offers' answer once.
    consents = body.get("consents")
    if not isinstance(consents, dict):
        return True
    news = consents.get("news-and-offers")
    marketing = body.get("marketingConsent")
    return set(consents) <= PURPOSES and not (isinstance(news, bool) and isinstance(marketing, bool) and news != marketing)


def _is_numbering_plan_number(written):
    try:
        return phonenumbers.is_valid_number(phonenumbers.parse(written, "VN"))
    except phonenumbers.NumberParseException:
        return False


@schemathesis.hook
def filter_body(context, body):
    # The generator's Unicode tables are newer than the Java runtime's: a character it counts as a
    # letter or mark (the full name's \p{L}, \p{M}) may be unassigned to the API, which refuses
    # unassigned characters in a name.
    name = body.get("fullName") if isinstance(body, dict) else None
    return not isinstance(name, str) or all(unicodedata.category(char) not in ("Cn", "Co") for char in name)


IDEMPOTENCY_KEY = re.compile(r"\A[!-~]{1,255}\Z")
# The emulator behind the API under test, when the caller names it: its tables are checked too.
EMULATOR = os.environ.get("LOCAL_AWS_ENDPOINT")
# Shorter values could appear in an answer by chance; values the document itself holds (field names,
# enum values, media types) are the API's own words.
ECHO_MIN_LENGTH = 8
DOCUMENT = (Path(__file__).resolve().parents[2] / "docs" / "openapi.yaml").read_text(encoding="utf-8")
# The built-in consent purposes, as the document names them.
PURPOSES = set(yaml.safe_load(DOCUMENT)["components"]["schemas"]["ConsentAnswers"]["properties"])
_tables_before = {}
# Answers that store a record by design: a staff lookup that finds nobody is audited and counted
# against the role's hourly limit (docs/security.md), as a lookup that finds somebody is.
RECORDED_BY_DESIGN = {("POST /v1/admin/profile-lookups", 404)}
# Staff routes act on a learner of their own (the generator reuses ids the answers held): suspending or
# restricting the signed-in learner would end the session every learner route is tested with.
SIGNED_IN_LEARNER = os.environ.get("LEARNER_PROFILE_ID")
STAFF_TARGET = os.environ.get("STAFF_TARGET_PROFILE_ID")


def _tables_digest():
    # A signed-in request records the session's use (its last use, its idle expiry) even when refused.
    with urllib.request.urlopen(EMULATOR + "/moto-api/dynamodb-digest?ignore=session%23:lastSeenAt,expiresAt",
                                timeout=60) as answer:
        return answer.read()


@schemathesis.hook
def before_call(context, case, kwargs):
    # A key sent again with another request is refused (422) by design: each request that carries a
    # valid key gets a key of its own, as a client makes one per request, in every phase (the coverage
    # phase sends the same boundary values again and again). Invalid keys stay, to be refused.
    headers = case.headers or {}
    for name in list(headers):
        if name.lower() == "idempotency-key" and isinstance(headers[name], str) and IDEMPOTENCY_KEY.match(headers[name]):
            headers[name] = str(uuid.uuid4())
    if SIGNED_IN_LEARNER and case.path.startswith("/v1/admin/"):
        case.body = _other_learner(case.body)
        case.path_parameters = _other_learner(case.path_parameters)
    if EMULATOR:
        _tables_before[id(case)] = _tables_digest()


def _other_learner(value):
    if value == SIGNED_IN_LEARNER:
        return STAFF_TARGET
    if isinstance(value, dict):
        return {key: _other_learner(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_other_learner(item) for item in value]
    return value


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(key)
            yield from _strings(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _strings(item)


@schemathesis.check
def refusal_echoes_nothing(ctx, response, case):
    """A refused request's values never come back in the answer, where a page could render them."""
    if response.status_code < 400:
        return None
    sent = [value for part in (case.body, case.path_parameters, case.query, case.headers, case.cookies)
            for value in _strings(part) if len(value) >= ECHO_MIN_LENGTH and value not in DOCUMENT]
    try:
        answered = list(_strings(json.loads(response.text)))
    except ValueError:
        answered = [response.text]
    echoed = [value for value in sent if any(value in text for text in answered)]
    if echoed:
        raise AssertionError(f"the answer to a refused request holds a value it sent: {echoed[0][:60]!r}")
    return None


@schemathesis.check
def refusal_stores_nothing(ctx, response, case):
    """A refused request leaves every table as it was (an Idempotency-Key claimed for it is freed)."""
    before = _tables_before.pop(id(case), None)
    if before is None or response.status_code < 400 \
            or (case.operation.label, response.status_code) in RECORDED_BY_DESIGN:
        return None
    if _tables_digest() != before:
        raise AssertionError(f"a refused request ({response.status_code}) changed what the tables hold")
    return None
