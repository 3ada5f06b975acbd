#!/usr/bin/env bash
# Item 5, larger: 1,000 series x 100 points while a second instance joins and leaves and /series is asked throughout.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
run_reliability_it RebalanceIT -Dreliability.series=1000 -Dreliability.points=100 -Dreliability.rate=1000 "$@"
