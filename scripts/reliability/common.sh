#!/usr/bin/env bash
# Shared by the scripts of this folder: runs one reliability integration test of stream-app (the same test CI runs,
# at the size the -Dreliability.* properties give) through the Maven wrapper, then prints the test's summary line.
# Extra arguments go to Maven last, so they can change the size or add e.g. -o (offline).
set -euo pipefail

NOWCAST_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"

run_reliability_it() {
  local it="$1"
  shift
  cd "$NOWCAST_ROOT"
  local started=$SECONDS
  # No unit tests (-Dtest matches none); only the one IT. Maven passes -D properties on to the test JVM.
  ./mvnw -B -pl stream-app -am verify -Dtest=NoUnitTests -Dsurefire.failIfNoSpecifiedTests=false \
    -Dit.test="$it" -Dfailsafe.failIfNoSpecifiedTests=false "$@"
  echo "---"
  grep -h "^$it:" "stream-app/target/failsafe-reports/dev.nowcast.stream.reliability.$it-output.txt" || true
  echo "$it passed in $((SECONDS - started)) s (build included)"
}
