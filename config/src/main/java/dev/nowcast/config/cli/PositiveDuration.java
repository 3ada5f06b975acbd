package dev.nowcast.config.cli;

import java.time.Duration;

import dev.nowcast.config.Durations;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Picocli converter of {@code 5s}, {@code 500ms}, {@code 2m}, {@code 1h}, {@code 7d} or ISO-8601 {@code PT1H}; positive. */
public final class PositiveDuration implements ITypeConverter<Duration> {

    @Override
    public Duration convert(String value) {
        return parse(value);
    }

    /** {@code raw} as a positive duration, or a conversion error saying what is expected. */
    public static Duration parse(String raw) {
        try {
            return Durations.parse(raw);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
