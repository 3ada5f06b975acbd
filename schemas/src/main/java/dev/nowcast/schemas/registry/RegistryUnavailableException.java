package dev.nowcast.schemas.registry;

import org.apache.kafka.common.errors.RetriableException;

/**
 * The schema registry could not answer: it was unreachable, timed out, or replied 5xx or 429 on every attempt
 * the client's retry policy allowed. The request itself may be fine, so callers should retry later (a Kafka
 * Streams application should fail the task and let it restart, not dead-letter the record). Extends Kafka's
 * {@link RetriableException} for that reason.
 */
public class RegistryUnavailableException extends RetriableException {

    private static final long serialVersionUID = 1L;

    private final int lastStatus;
    private final int attempts;

    /**
     * @param message    what was asked, of which registry, and how it failed
     * @param lastStatus the HTTP status of the last reply, or 0 when the last attempt got none
     * @param attempts   how many attempts were made
     * @param cause      the last I/O error, if the last attempt failed with one
     */
    public RegistryUnavailableException(String message, int lastStatus, int attempts, Throwable cause) {
        super(message, cause);
        this.lastStatus = lastStatus;
        this.attempts = attempts;
    }

    /** The HTTP status of the last reply (5xx or 429), or 0 when the last attempt got no reply. */
    public int lastStatus() {
        return lastStatus;
    }

    /** How many attempts were made before giving up. */
    public int attempts() {
        return attempts;
    }
}
