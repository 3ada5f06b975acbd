#!/usr/bin/env bash
# Every reliability script in turn; stops at the first failure.
set -euo pipefail
here="$(dirname "${BASH_SOURCE[0]}")"
for script in crash poison snapshots broker-loss rebalance security; do
  "$here/$script.sh" "$@"
done
