/**
 * Kafka serializers, deserializers and serdes for Avro in Confluent's wire format (magic byte 0, the schema's
 * registry id as 4 bytes big-endian, the Avro binary encoding), configured with Confluent's keys
 * ({@link dev.nowcast.schemas.serde.AvroSerdeConfig}) so that they can be named in Kafka and Kafka Streams
 * configurations.
 *
 * <p>Deserializers report a bad record with a {@link dev.nowcast.schemas.serde.PoisonRecordException} naming the
 * {@link dev.nowcast.avro.DeadLetterReason}; an unreachable registry with a
 * {@link dev.nowcast.schemas.registry.RegistryUnavailableException} (retry later, the record may be fine); a
 * misconfiguration (bad credentials, wrong URL) with a {@link org.apache.kafka.common.errors.SerializationException}
 * whose cause is the registry's {@link dev.nowcast.schemas.registry.SchemaRegistryException}. A null value (a
 * tombstone) deserializes to null.
 */
package dev.nowcast.schemas.serde;
