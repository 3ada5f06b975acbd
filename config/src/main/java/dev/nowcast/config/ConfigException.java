package dev.nowcast.config;

/** A setting is missing, malformed or contradicts another; the message names the setting and what to do. */
public final class ConfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String setting;

    public ConfigException(String setting, String message) {
        super(setting + ": " + message);
        this.setting = setting;
    }

    public ConfigException(String setting, String message, Throwable cause) {
        super(setting + ": " + message, cause);
        this.setting = setting;
    }

    /** The name of the offending setting, as the user wrote it (e.g. {@code nowcast.http.port}). */
    public String setting() {
        return setting;
    }
}
