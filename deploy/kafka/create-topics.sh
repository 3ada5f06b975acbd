#!/usr/bin/env bash
# Creates Nowcast's topics (idempotent). Usage: create-topics.sh BOOTSTRAP [PARTITIONS] [REPLICATION]
set -euo pipefail
bootstrap="$1"
partitions="${2:-6}"
replication="${3:-1}"
topics=/opt/kafka/bin/kafka-topics.sh
create() {
  "$topics" --bootstrap-server "$bootstrap" --create --if-not-exists --topic "$1" \
    --partitions "$2" --replication-factor "$replication" "${@:3}"
}
create nowcast.observations.sensors "$partitions"
create nowcast.observations.prices "$partitions"
create nowcast.predictions "$partitions"
create nowcast.anomalies "$partitions"
create nowcast.dead-letters 1
create nowcast.model-weights 1 --config cleanup.policy=compact
