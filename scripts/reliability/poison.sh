#!/usr/bin/env bash
# Item 2, larger: 1,000 series x 100 points with 100 poison records of every kind in turn after each of the 100
# ticks (a tick is one point of every series): 10,000 poison records among 100,000 valid ones.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
run_reliability_it PoisonInputIT -Dreliability.series=1000 -Dreliability.points=100 -Dreliability.poison-per-tick=100 "$@"
