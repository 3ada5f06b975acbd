#!/usr/bin/env bash
# Item 1 at full size: 100,000 observations over 1,000 series while the stream app is killed with kill -9 eight
# times at random moments (restarted each time, once from an empty state directory); then exactly one prediction per
# observation, bit-identical to an uninterrupted run, and identical final states. Set the seed to replay a run:
#   scripts/reliability/crash.sh -Dreliability.seed=42
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
run_reliability_it CrashIT -Dreliability.series=1000 -Dreliability.points=100 -Dreliability.kills=8 \
  -Dreliability.rate=800 "$@"
