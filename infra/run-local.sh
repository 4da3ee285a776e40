#!/usr/bin/env bash
# The run command: builds the functions, starts the local AWS emulator with what template.yaml
# declares, and serves the template's HTTP routes on http://127.0.0.1:3000 (LOCAL_API_PORT to change) with
# the template's CORS configuration, and the website's stand-in pages on the next port (LOCAL_SITE_PORT);
# LOCAL_WEBSITE_ORIGINS (comma-separated) are the origins allowed to call the API, by default the pages' (and
# https://eco-coach.example, where the example policy versions link).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
./mvnw -q -B -pl infra/local-runner -am package dependency:build-classpath \
  -DskipTests -Dmdep.outputFile=target/classpath.txt -DincludeScope=runtime
exec java -cp "infra/local-runner/target/classes:$(cat infra/local-runner/target/classpath.txt)" \
  coach.eco.learners.local.LocalRunner
