package dev.nowcast.schemas.serde;

import java.util.Objects;

import org.apache.kafka.common.errors.SerializationException;

import dev.nowcast.avro.DeadLetterReason;

/**
 * A record that can never be processed as it is: its bytes are not a readable record of the expected type. The
 * {@link #reason()} is the {@link DeadLetterReason} to dead-letter it with, the {@link #detail()} a human-readable
 * explanation naming the topic and, when known, the schema id. Retrying cannot help; contrast
 * {@link dev.nowcast.schemas.registry.RegistryUnavailableException}.
 *
 * <p>The deserializers throw it with {@link DeadLetterReason#MALFORMED} (empty, truncated or corrupt bytes),
 * {@link DeadLetterReason#WRONG_MAGIC_BYTE}, {@link DeadLetterReason#UNKNOWN_SCHEMA_ID} and
 * {@link DeadLetterReason#WRONG_SCHEMA} (a record of another type, or of a schema the reader cannot resolve);
 * the stream processor's own validation uses the other reasons.
 */
public class PoisonRecordException extends SerializationException {

    private static final long serialVersionUID = 1L;

    private final DeadLetterReason reason;
    private final String detail;

    /** A record rejected for {@code reason}; {@code detail} says what exactly is wrong. */
    public PoisonRecordException(DeadLetterReason reason, String detail) {
        this(reason, detail, null);
    }

    /** A record rejected for {@code reason}, found out through {@code cause}. */
    public PoisonRecordException(DeadLetterReason reason, String detail, Throwable cause) {
        super(Objects.requireNonNull(reason, "reason") + ": " + detail, cause);
        this.reason = reason;
        this.detail = detail;
    }

    /** Why the record is rejected, as the dead letter records it. */
    public DeadLetterReason reason() {
        return reason;
    }

    /** What exactly is wrong with the record, for the dead letter's {@code detail}. */
    public String detail() {
        return detail;
    }
}
