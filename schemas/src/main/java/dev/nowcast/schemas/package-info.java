/**
 * Nowcast's schema layer: the Avro records of {@code dev.nowcast.avro} (generated from {@code src/main/avro}),
 * a schema registry client speaking Confluent's REST API ({@link dev.nowcast.schemas.registry}) and Kafka
 * serdes in Confluent's wire format ({@link dev.nowcast.schemas.serde}).
 */
package dev.nowcast.schemas;
