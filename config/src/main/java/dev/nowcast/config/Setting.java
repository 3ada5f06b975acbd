package dev.nowcast.config;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.function.Function;

/**
 * One {@code nowcast.*} setting: its key, the environment variable that sets it, its default, how its text is
 * parsed and checked, and what it means (the README's configuration table is generated from these).
 *
 * @param <T> the parsed type
 */
public final class Setting<T> {

    private final String key;
    private final String defaultValue;
    private final String description;
    private final Function<String, T> parser;

    private Setting(String key, String defaultValue, String description, Function<String, T> parser) {
        this.key = key;
        this.defaultValue = defaultValue;
        this.description = description;
        this.parser = parser;
    }

    public static Setting<String> string(String key, String defaultValue, String description) {
        return new Setting<>(key, defaultValue, description, raw -> {
            if (raw.isBlank()) {
                throw new IllegalArgumentException("must not be empty");
            }
            return raw.trim();
        });
    }

    public static Setting<Integer> integer(String key, int defaultValue, int min, int max, String description) {
        return new Setting<>(key, Integer.toString(defaultValue), description, raw -> {
            int value;
            try {
                value = Integer.parseInt(raw.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not an integer");
            }
            if (value < min || value > max) {
                throw new IllegalArgumentException("must be between " + min + " and " + max);
            }
            return value;
        });
    }

    public static Setting<Boolean> bool(String key, boolean defaultValue, String description) {
        return new Setting<>(key, Boolean.toString(defaultValue), description, raw -> {
            String v = raw.trim().toLowerCase(Locale.ROOT);
            if (!v.equals("true") && !v.equals("false")) {
                throw new IllegalArgumentException("must be true or false");
            }
            return Boolean.parseBoolean(v);
        });
    }

    public static Setting<Double> positiveDouble(String key, double defaultValue, String description) {
        return new Setting<>(key, Double.toString(defaultValue), description, raw -> {
            double value;
            try {
                value = Double.parseDouble(raw.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a number");
            }
            if (!(value > 0) || Double.isInfinite(value)) {
                throw new IllegalArgumentException("must be a positive finite number");
            }
            return value;
        });
    }

    /** A duration in ISO-8601 ({@code PT10S}) or short form ({@code 10s}, {@code 500ms}, {@code 2m}, {@code 24h}). */
    public static Setting<Duration> duration(String key, String defaultValue, String description) {
        return new Setting<>(key, defaultValue, description, Durations::parse);
    }

    public static Setting<Instant> instant(String key, String defaultValue, String description) {
        return new Setting<>(key, defaultValue, description, raw -> {
            try {
                return Instant.parse(raw.trim());
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("not an ISO-8601 instant such as 1970-01-01T00:00:00Z");
            }
        });
    }

    /** A setting parsed by {@code parser}, which throws {@link IllegalArgumentException} with the reason. */
    public static <T> Setting<T> custom(String key, String defaultValue, String description, Function<String, T> parser) {
        return new Setting<>(key, defaultValue, description, parser);
    }

    public String key() {
        return key;
    }

    /** {@code nowcast.topic.dead-letters} is set by {@code NOWCAST_TOPIC_DEAD_LETTERS}. */
    public String envVar() {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** The default as text, or {@code null} when the setting is optional and unset by default. */
    public String defaultValue() {
        return defaultValue;
    }

    public String description() {
        return description;
    }

    T parse(String raw) {
        try {
            return parser.apply(raw);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(key, "invalid value '" + raw + "': " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return key;
    }
}
