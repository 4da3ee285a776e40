#!/usr/bin/env bash
# Prints a benchmark's figures (see docs/performance.md), against the local AWS emulator.
#   infra/benchmark.sh [SignupLatencyBenchmark|PublicLinkLatencyBenchmark|ProfileReadLatencyBenchmark|ColdStartBenchmark
#                       |TransactionCostBenchmark|RetentionScaleBenchmark|PolicyMailingBenchmark
#                       |ConsentingLearnersBenchmark] [java options]
#   (ColdStartBenchmark starts each function zip this build packages: -Drounds=N -Dwarm=N -Dappcds=true;
#   TransactionCostBenchmark -Dtransactions=N -Dsizes=200,2000,20000;
#   RetentionScaleBenchmark -Dprofiles=N, PolicyMailingBenchmark -Dlearners=N and ConsentingLearnersBenchmark
#   -Dlearners=N -Dlimit=N start an emulator of their own)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
./mvnw -q -B -pl infra/local-runner -am package dependency:build-classpath \
  -DskipTests -Dmdep.outputFile=target/test-classpath.txt -DincludeScope=test
benchmark="${1:-SignupLatencyBenchmark}"
shift || true
cd infra/local-runner
exec java -Dlogback.configurationFile=logback-benchmark.xml "$@" \
  -cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" \
  "coach.eco.learners.local.$benchmark"
