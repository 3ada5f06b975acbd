/** Model snapshots: the plain-Java mirror of the Avro WeightSnapshot, the validating codec to and from a Forecaster, sha256 and Ed25519 signing. */
package dev.nowcast.model.snapshot;
