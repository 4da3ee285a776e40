#!/usr/bin/env bash
# Prints the signup benchmark's figures (see docs/performance.md). Uses the local AWS emulator.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
./mvnw -q -B -pl infra/local-runner -am package dependency:build-classpath \
  -DskipTests -Dmdep.outputFile=target/test-classpath.txt -DincludeScope=test
cd infra/local-runner
exec java -Dlogback.configurationFile=logback-benchmark.xml "$@" \
  -cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" \
  coach.eco.learners.local.SignupLatencyBenchmark
