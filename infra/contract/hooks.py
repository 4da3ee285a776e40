"""Values the schema cannot state, for the contract test (infra/contract-test.sh).

A phone number must exist in its numbering plan and an email must end in a known top-level domain;
JSON Schema says neither. These strategies draw values that are valid in that sense, so a
schema-valid request the API refuses is a true mismatch, not a random number it rightly refuses.
"""
import unicodedata

from hypothesis import strategies as st

import schemathesis

# Vietnamese mobile numbers (09x is in use whole), written as learners write them.
schemathesis.openapi.format("phone", st.from_regex(r"\A(0|\+84 ?)9[0-8][0-9] ?[0-9]{3} ?[0-9]{3}\Z"))

schemathesis.openapi.format("email", st.from_regex(
    r"\A[a-z0-9]{1,20}([._+-][a-z0-9]{1,10})?@([a-z0-9]{1,15}\.){1,2}(vn|com|org|edu\.vn)\Z"))


def _assigned_everywhere(value) -> bool:
    if isinstance(value, str):
        return all(unicodedata.category(char) not in ("Cn", "Co") for char in value)
    if isinstance(value, dict):
        return all(_assigned_everywhere(key) and _assigned_everywhere(item) for key, item in value.items())
    if isinstance(value, list):
        return all(_assigned_everywhere(item) for item in value)
    return True


@schemathesis.hook
def filter_body(context, body):
    # The generator's Unicode tables are newer than the Java runtime's: a character it counts as a
    # letter or mark (\p{L}, \p{M}) may be unassigned to the API, which refuses unassigned characters.
    return _assigned_everywhere(body)
