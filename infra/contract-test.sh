#!/usr/bin/env bash
# The contract test: first, every pattern in docs/openapi.yaml must admit its own examples
# (infra/contract/patterns.py) and every link lead somewhere (infra/contract/links.py); then
# Schemathesis (pinned in requirements.txt, in infra/.venv) sends requests generated from
# docs/openapi.yaml to a running local API and fails on any answer the document does not declare
# (status, content type, body, headers), on a 5xx, on a schema-valid request refused and on a
# schema-invalid one accepted; and, whatever the request, on a refusal whose answer holds a
# value the request sent. With LOCAL_AWS_ENDPOINT set to the emulator behind the API, also on a
# refusal that changed what the tables hold (infra/contract/hooks.py). Configuration, and the
# checks turned off with their reasons: infra/contract/schemathesis.toml.
#   contract-test.sh BASE_URL [schemathesis options]
# with the session tokens of four signed-in learners in LEARNER_SESSION (every signed-in route),
# LEARNER_SESSION_SIGN_OUT, LEARNER_SESSION_SIGN_OUT_EVERYWHERE and LEARNER_SESSION_DELETION (the
# routes that end a session, each once).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
base_url="${1:?usage: contract-test.sh BASE_URL}"
shift
: "${LEARNER_SESSION:?the session token of a signed-in learner}"
: "${LEARNER_SESSION_SIGN_OUT:?the session token of a second learner}"
: "${LEARNER_SESSION_SIGN_OUT_EVERYWHERE:?the session token of a third learner}"
: "${LEARNER_SESSION_DELETION:?the session token of a fourth learner}"
"$here/local-aws.sh" install
cd "$here/contract"
# Before any request: every pattern in the document admits its own examples (patterns.py), and every link
# leads to an operation, its parameters and values the answer declares (links.py).
"$here/.venv/bin/python" patterns.py "$here/../docs/openapi.yaml"
"$here/.venv/bin/python" links.py "$here/../docs/openapi.yaml"
export SCHEMATHESIS_HOOKS=hooks PYTHONPATH="$here/contract"
# filter_too_much: a hold note's pattern (no control or format characters) is a negated class over
# all of Unicode, whose draws Hypothesis often filters; that health check is about generation speed,
# not about the API, and no configuration file setting turns it off.
exec "$here/.venv/bin/schemathesis" --config-file "$here/contract/schemathesis.toml" run "$here/../docs/openapi.yaml" \
  --url "$base_url" --seed "${CONTRACT_TEST_SEED:-20260101}" \
  --suppress-health-check filter_too_much --no-color "$@"
