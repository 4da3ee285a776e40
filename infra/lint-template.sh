#!/usr/bin/env bash
# Lints template.yaml (and infra/edge-waf.yaml, the optional per-client limit's web ACL) with the
# pinned cfn-lint and checkov from infra/.venv; prints nothing and exits
# zero when clean, exits non-zero on any finding. A checkov finding accepted on purpose is skipped in
# the template's Metadata, with its reason (docs/security.md lists them).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
templates=("$here/../template.yaml" "$here/edge-waf.yaml")
# Installs the pinned tools on first use; only a failure of it is worth printing.
if ! installed="$("$here/local-aws.sh" install 2>&1)"; then
  echo "$installed"
  exit 1
fi
"$here/.venv/bin/cfn-lint" "${templates[@]}" "$@"
# Offline: no download of guidelines or version checks; only the CloudFormation checks. Its summary
# is printed only when a check failed.
for template in "${templates[@]}"; do
  if ! findings="$("$here/.venv/bin/checkov" --file "$template" --framework cloudformation --skip-download \
      --quiet --compact 2>&1)"; then
    echo "$findings"
    exit 1
  fi
done
