package dev.nowcast.trainer.cli;

import java.time.Duration;
import java.util.Locale;

/** Compact human durations for progress lines: {@code 42s}, {@code 3:07}, {@code 1:02:03}. */
final class DurationText {
    private DurationText() {
    }

    static String clock(long millis) {
        long s = Math.max(0, millis) / 1000;
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
        }
        return String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
    }

    /** {@code PT1H} as {@code 1h}, {@code PT0.5S} as {@code 500ms}. */
    static String compact(Duration d) {
        long ms = d.toMillis();
        if (ms % 86_400_000 == 0) {
            return ms / 86_400_000 + "d";
        }
        if (ms % 3_600_000 == 0) {
            return ms / 3_600_000 + "h";
        }
        if (ms % 60_000 == 0) {
            return ms / 60_000 + "m";
        }
        if (ms % 1000 == 0) {
            return ms / 1000 + "s";
        }
        return ms + "ms";
    }
}
