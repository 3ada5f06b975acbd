package dev.nowcast.trainer.cli;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

import dev.nowcast.config.cli.PositiveDuration;
import dev.nowcast.model.cell.CellType;
import dev.nowcast.model.head.HeadType;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Picocli converters for the trainer's option types, with messages that say what is expected. */
public final class Converters {
    /** The value of options decided from the data by default. */
    static final String AUTO = "auto";

    private Converters() {
    }

    /** An ISO-8601 instant such as {@code 2001-06-01T00:00:00Z}. */
    static final class IsoInstant implements ITypeConverter<Instant> {
        @Override
        public Instant convert(String value) {
            try {
                return Instant.parse(value.trim());
            } catch (DateTimeParseException e) {
                throw new TypeConversionException("'" + value + "' is not an ISO-8601 instant such as "
                        + "2001-06-01T00:00:00Z");
            }
        }
    }

    /** A cell type symbol, any case. */
    static final class Cell implements ITypeConverter<CellType> {
        @Override
        public CellType convert(String value) {
            CellType t = CellType.fromSymbol(value.trim().toUpperCase(Locale.ROOT));
            if (t == null) {
                throw new TypeConversionException("'" + value + "' is not one of " + names(CellType.values()));
            }
            return t;
        }
    }

    /** A head type symbol, any case. */
    static final class Head implements ITypeConverter<HeadType> {
        @Override
        public HeadType convert(String value) {
            HeadType t = HeadType.fromSymbol(value.trim().toUpperCase(Locale.ROOT));
            if (t == null) {
                throw new TypeConversionException("'" + value + "' is not one of " + names(HeadType.values()));
            }
            return t;
        }
    }

    static String names(Enum<?>[] values) {
        return Arrays.stream(values).map(Enum::name).collect(Collectors.joining(", "));
    }

    /** {@code auto} (null: decided from the data) or a positive duration. */
    static final class AutoDuration implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            return value.trim().equalsIgnoreCase(AUTO) ? null : PositiveDuration.parse(value);
        }
    }

    /**
     * Seasonal periods: {@code auto} (decided from the data), {@code none}, or a comma-separated list of
     * durations such as {@code 24h,7d}.
     */
    static final class Periods implements ITypeConverter<SeasonalPeriods> {
        @Override
        public SeasonalPeriods convert(String value) {
            String text = value.trim();
            if (text.equalsIgnoreCase(AUTO)) {
                return new SeasonalPeriods(null);
            }
            if (text.equalsIgnoreCase("none")) {
                return new SeasonalPeriods(new long[0]);
            }
            return new SeasonalPeriods(Arrays.stream(text.split(",")).map(PositiveDuration::parse)
                    .mapToLong(Duration::toMillis).toArray());
        }
    }

    /** The value of {@code --seasonal-periods}: null millis for auto. */
    record SeasonalPeriods(long[] millis) {
    }

    /** {@code auto} (null: decided from the data) or a whole number >= 0. */
    static final class AutoCount implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            if (value.trim().equalsIgnoreCase(AUTO)) {
                return null;
            }
            try {
                int n = Integer.parseInt(value.trim());
                if (n >= 0) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // Reported below with the accepted forms.
            }
            throw new TypeConversionException("'" + value + "' is not 'auto' or a whole number >= 0");
        }
    }
}
