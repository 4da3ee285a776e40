#!/usr/bin/env bash
# Lints template.yaml with the pinned cfn-lint from infra/.venv; exits non-zero on any finding.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
"$here/local-aws.sh" install
exec "$here/.venv/bin/cfn-lint" "$here/../template.yaml" "$@"
