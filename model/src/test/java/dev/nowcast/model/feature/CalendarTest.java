package dev.nowcast.model.feature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.nowcast.model.data.Series;

class CalendarTest {
    private static final long HOUR = 3_600_000L;
    private static final long DAY = 24 * HOUR;
    private static final long FRIDAY = Instant.parse("2001-01-05T00:00:00Z").toEpochMilli();

    @Test
    void weekdaysSkipTheWeekendAndContinuousDoesNot() {
        assertThat(Calendar.weekday(0)).as("1970-01-01 was a Thursday").isEqualTo(3);
        assertThat(Calendar.weekday(FRIDAY)).isEqualTo(4);
        assertThat(Calendar.WEEKDAYS.next(FRIDAY, DAY)).isEqualTo(FRIDAY + 3 * DAY);
        assertThat(Calendar.WEEKDAYS.next(FRIDAY - DAY, DAY)).isEqualTo(FRIDAY);
        assertThat(Calendar.WEEKDAYS.next(FRIDAY + 23 * HOUR, HOUR)).as("Friday 23:00 + 1h: Monday 00:00")
                .isEqualTo(FRIDAY + 3 * DAY);
        assertThat(Calendar.CONTINUOUS.next(FRIDAY, DAY)).isEqualTo(FRIDAY + DAY);
        assertThat(Calendar.WEEKDAYS.next(-5 * DAY, DAY)).as("Saturday 1969-12-27 + 1 day: Monday the 29th")
                .isEqualTo(-3 * DAY);
    }

    @Test
    void onWeekdaysTheElapsedTimeLeavesOutTheWeekendsInBetween() {
        long halfHour = HOUR / 2;
        long fridayLast = FRIDAY + 23 * HOUR + halfHour;
        long mondayFirst = FRIDAY + 3 * DAY;
        assertThat(Calendar.WEEKDAYS.elapsed(fridayLast, mondayFirst)).as("Friday 23:30 to Monday 00:00")
                .isEqualTo(halfHour);
        assertThat(Calendar.CONTINUOUS.elapsed(fridayLast, mondayFirst)).isEqualTo(48 * HOUR + halfHour);
        assertThat(Calendar.WEEKDAYS.elapsed(FRIDAY, FRIDAY + 10 * DAY)).as("two weekends in between")
                .isEqualTo(6 * DAY);
        assertThat(Calendar.WEEKDAYS.elapsed(FRIDAY - DAY, FRIDAY)).as("no weekend in between").isEqualTo(DAY);
        assertThat(Calendar.WEEKDAYS.elapsed(FRIDAY + DAY + 12 * HOUR, FRIDAY + 2 * DAY + 6 * HOUR))
                .as("Saturday noon to Sunday 06:00: all weekend").isZero();
        assertThat(Calendar.WEEKDAYS.elapsed(-5 * DAY, -2 * DAY)).as("Saturday 1969-12-27 to Tuesday the 30th")
                .isEqualTo(DAY);
    }

    @Test
    void isInferredFromDataWithoutWeekends() {
        assertThat(Calendar.infer(List.of(days(60, true)), DAY)).isEqualTo(Calendar.WEEKDAYS);
        assertThat(Calendar.infer(List.of(days(60, false)), DAY)).isEqualTo(Calendar.CONTINUOUS);
        assertThat(Calendar.infer(List.of(days(8, true)), DAY)).as("too short to tell").isEqualTo(Calendar.CONTINUOUS);
        assertThat(Calendar.infer(List.of(days(60, true)), 7 * DAY)).as("weekly data").isEqualTo(Calendar.CONTINUOUS);
    }

    @Test
    void codesRoundTrip() {
        for (Calendar c : Calendar.values()) {
            assertThat(Calendar.of(c.code())).isEqualTo(c);
        }
        assertThatThrownBy(() -> Calendar.of(2)).hasMessageContaining("0 (continuous) or 1 (weekdays), got 2.0");
    }

    /** {@code n} days from a Monday, weekends left out if asked. */
    private static Series days(int n, boolean weekdaysOnly) {
        List<Long> ts = new ArrayList<>();
        for (int d = 0; d < n; d++) {
            long t = FRIDAY + 3 * DAY + d * DAY;
            if (!weekdaysOnly || Calendar.weekday(t) < 5) {
                ts.add(t);
            }
        }
        return new Series("s", ts.stream().mapToLong(Long::longValue).toArray(), new double[ts.size()]);
    }
}
