package dev.nowcast.config;

import java.time.Duration;
import java.util.Locale;

/** The one way Nowcast reads a duration, in settings and on command lines. */
public final class Durations {

    private Durations() {
    }

    /**
     * Parses a positive duration in short form ({@code 500ms}, {@code 10s}, {@code 2m}, {@code 24h}, {@code 7d}) or
     * ISO-8601 ({@code PT10S}).
     *
     * @throws IllegalArgumentException naming the accepted forms
     */
    public static Duration parse(String raw) {
        String text = raw.trim().toLowerCase(Locale.ROOT);
        Duration d;
        try {
            if (text.startsWith("p")) {
                d = Duration.parse(text.toUpperCase(Locale.ROOT));
            } else if (text.endsWith("ms")) {
                d = Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2)));
            } else {
                long amount = Long.parseLong(text.substring(0, text.length() - 1));
                d = switch (text.charAt(text.length() - 1)) {
                    case 's' -> Duration.ofSeconds(amount);
                    case 'm' -> Duration.ofMinutes(amount);
                    case 'h' -> Duration.ofHours(amount);
                    case 'd' -> Duration.ofDays(amount);
                    default -> throw new IllegalArgumentException("unknown unit");
                };
            }
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("'" + raw + "' is not a duration such as 500ms, 10s, 2m, 24h, 7d or PT10S");
        }
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("'" + raw + "' must be a positive duration");
        }
        return d;
    }
}
