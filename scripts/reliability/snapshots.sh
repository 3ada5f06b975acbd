#!/usr/bin/env bash
# Item 3: every kind of bad snapshot refused by a verifying app while the version in service keeps serving, also
# after a clean restart and from an empty state directory. The test is already exhaustive (each kind once, three app
# lifetimes); the script runs it as part of the reliability campaign.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
run_reliability_it BadSnapshotIT "$@"
