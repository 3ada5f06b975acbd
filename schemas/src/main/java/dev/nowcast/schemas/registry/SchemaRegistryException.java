package dev.nowcast.schemas.registry;

import org.apache.kafka.common.KafkaException;

/**
 * The schema registry's definite answer to a request: an HTTP status other than 5xx and 429, with the registry's
 * {@code error_code} and message (for example 404 / 40401, subject not found). Retrying the same request will
 * not change the answer; contrast {@link RegistryUnavailableException}.
 */
public class SchemaRegistryException extends KafkaException {

    private static final long serialVersionUID = 1L;

    /** {@link #errorCode()} when the registry's reply carried no {@code error_code}. */
    public static final int NO_ERROR_CODE = -1;
    /** The subject does not exist. */
    public static final int SUBJECT_NOT_FOUND = 40401;
    /** The subject has no such version. */
    public static final int VERSION_NOT_FOUND = 40402;
    /** No schema with that id, or the schema is not registered under the subject. */
    public static final int SCHEMA_NOT_FOUND = 40403;
    /** The subject has no compatibility level of its own (Confluent; the global level applies). */
    public static final int SUBJECT_LEVEL_COMPATIBILITY_NOT_CONFIGURED = 40408;
    /** The schema is not compatible with earlier versions under the subject's compatibility level. */
    public static final int INCOMPATIBLE_SCHEMA = 409;
    /** The schema is not a valid (Avro) schema. */
    public static final int INVALID_SCHEMA = 42201;
    /** The version is not a valid version number. */
    public static final int INVALID_VERSION = 42202;
    /** The compatibility level is not a valid level. */
    public static final int INVALID_COMPATIBILITY_LEVEL = 42203;

    private final int status;
    private final int errorCode;
    private final String registryMessage;

    /**
     * @param message         what was asked and what the registry answered, for humans
     * @param status          the HTTP status of the reply
     * @param errorCode       the registry's {@code error_code}, or {@link #NO_ERROR_CODE}
     * @param registryMessage the registry's own message, or the start of its reply when it was not JSON
     */
    public SchemaRegistryException(String message, int status, int errorCode, String registryMessage) {
        super(message);
        this.status = status;
        this.errorCode = errorCode;
        this.registryMessage = registryMessage;
    }

    /** The HTTP status of the registry's reply. */
    public int status() {
        return status;
    }

    /** The registry's {@code error_code} (e.g. 40401), or {@link #NO_ERROR_CODE}. */
    public int errorCode() {
        return errorCode;
    }

    /** The registry's own message. */
    public String registryMessage() {
        return registryMessage;
    }
}
