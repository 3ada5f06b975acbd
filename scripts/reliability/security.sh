#!/usr/bin/env bash
# Item 6: TLS + SCRAM with ACLs, the registry login and signed snapshots, end to end (the test has no size to scale).
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
run_reliability_it SecurityIT "$@"
