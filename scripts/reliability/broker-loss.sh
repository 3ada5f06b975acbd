#!/usr/bin/env bash
# Item 4, larger: 1,000 series x 100 points with the broker stopped mid-stream for 60 s and started again on the
# same ports and log directory.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
run_reliability_it BrokerLossIT -Dreliability.series=1000 -Dreliability.points=100 -Dreliability.rate=1000 \
  -Dreliability.outage-seconds=60 "$@"
