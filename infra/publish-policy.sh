#!/usr/bin/env bash
# Publishes a policy version the way staff do: a SigV4-signed request (service execute-api) to the
# IAM-authorised route, signed with the caller's AWS credentials (the SDK's default chain).
#   publish-policy.sh API_URL DRAFT.json       publish the version in DRAFT.json
#   publish-policy.sh API_URL --approve ID     approve a version another publisher published (starts its mailing)
#   publish-policy.sh API_URL --status ID      read a version with its counts (queued, sent, failed, answers)
#   publish-policy.sh API_URL --announce ID    announce a version again (mails whoever was not mailed)
# DRAFT.json: {"versionId", "kind": "notice"|"consent", "effectiveDate": "YYYY-MM-DD", "policyUrl",
#              "summaryVi", "summaryEn"}. Region: AWS_REGION (default ap-southeast-1). Locally (no credentials)
#              LOCAL_STAFF_SESSION names the session (default "local"): approve as another one.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
"$here/local-aws.sh" install
if [[ $# -lt 2 ]]; then
  sed -n '2,10p' "$0" >&2
  exit 2
fi
api="${1%/}"
case "$2" in
  --status) method=GET; url="$api/v1/admin/policy-versions/$3"; body="" ;;
  --approve) method=POST; url="$api/v1/admin/policy-versions/$3/approval"; body="" ;;
  --announce) method=POST; url="$api/v1/admin/policy-versions/$3/notification"; body="" ;;
  *) method=POST; url="$api/v1/admin/policy-versions"; body="$(cat "$2")" ;;
esac
exec "$here/.venv/bin/python" - "$method" "$url" "$body" <<'PY'
import os, sys, urllib.parse, urllib.request, urllib.error
import botocore.session
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest

method, url, body = sys.argv[1], sys.argv[2], sys.argv[3]
session = botocore.session.get_session()
credentials = session.get_credentials()
if credentials is None and urllib.parse.urlsplit(url).hostname in ("127.0.0.1", "localhost"):
    # The local runner checks that a request is signed, not by whom.
    from botocore.credentials import Credentials
    credentials = Credentials("local", "local")
if credentials is None:
    sys.exit("publish-policy: no AWS credentials (set a profile or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY)")
region = os.environ.get("AWS_REGION") or session.get_config_variable("region") or "ap-southeast-1"
headers = {"content-type": "application/json"} if body else {}
request = AWSRequest(method=method, url=url, data=body.encode("utf-8") if body else None, headers=headers)
SigV4Auth(credentials, "execute-api", region).add_auth(request)
if credentials.access_key == "local":
    # The local runner takes a word after the scheme as the session's name (a second publisher approves).
    request.headers.replace_header("Authorization", "AWS4-HMAC-SHA256 " + os.environ.get("LOCAL_STAFF_SESSION", "local"))
prepared = urllib.request.Request(url, data=request.body, method=method, headers=dict(request.headers.items()))
try:
    with urllib.request.urlopen(prepared) as response:
        print(response.status, file=sys.stderr)
        print(response.read().decode("utf-8"))
except urllib.error.HTTPError as error:
    print(error.code, file=sys.stderr)
    print(error.read().decode("utf-8"))
    sys.exit(1)
PY
