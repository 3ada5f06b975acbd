package dev.nowcast.trainer.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.nowcast.model.data.Series;
import dev.nowcast.trainer.testing.TestData;

class TimeGridTest {
    private static final long SECOND = 1000;
    private static final long HOUR = 3_600_000;
    private static final long DAY = 24 * HOUR;

    @Test
    void hourlyDataOverMonthsGetsADailyAndAWeeklySeason() {
        TimeGrid g = TimeGrid.resolve(List.of(TestData.series("a", 0, HOUR, 2000, i -> i)), null, null, null);

        assertThat(g.stepMillis()).isEqualTo(HOUR);
        assertThat(g.maxGapMillis()).isEqualTo(24 * HOUR);
        assertThat(g.seasonalPeriodsMillis()).containsExactly(DAY, 7 * DAY);
        assertThat(g.shortestSeasonSteps()).isEqualTo(24);
    }

    @Test
    void aSeasonMustFitTwiceInTheData() {
        TimeGrid g = TimeGrid.resolve(List.of(TestData.series("a", 0, HOUR, 24 * 10, i -> i)), null, null, null);

        assertThat(g.seasonalPeriodsMillis()).containsExactly(DAY);
    }

    @Test
    void dailyDataGetsAWeekAndFiveSecondDataNone() {
        assertThat(TimeGrid.resolve(List.of(TestData.series("a", 0, DAY, 400, i -> i)), null, null, null)
                .seasonalPeriodsMillis()).containsExactly(7 * DAY);
        TimeGrid sensors = TimeGrid.resolve(List.of(TestData.series("a", 0, 5 * SECOND, 5000, i -> i)), null, null,
                null);
        assertThat(sensors.seasonalPeriodsMillis()).isEmpty();
        assertThat(sensors.shortestSeasonSteps()).isZero();
        assertThat(sensors.maxGapMillis()).isEqualTo(120 * SECOND);
    }

    @Test
    void monthlyDataIsComparedWithTheSameMonthLastYear() {
        TimeGrid monthly = TimeGrid.resolve(List.of(TestData.series("a", 0, 30 * DAY + 10 * HOUR, 120, i -> i)), null,
                null, null);
        assertThat(monthly.seasonalPeriodsMillis()).isEmpty();
        assertThat(monthly.seasonCandidates()).containsExactly(12);
        assertThat(monthly.shortestSeasonSteps()).isEqualTo(12);
    }

    @Test
    void theMaximumGapCoversAnExchangesNightsButNotAnOutage() {
        // Five-minute bars 09:30-16:00 UTC on the weekdays of four weeks: a 17.5-hour pause every night (Friday's
        // too, once the weekend is left out), 78 bars a day.
        long monday = Instant.parse("2001-01-08T09:30:00Z").toEpochMilli();
        long minute = 60 * SECOND;
        List<Long> times = new ArrayList<>();
        for (int day = 0; day < 28; day++) {
            if (day % 7 < 5) {
                for (int bar = 0; bar < 78; bar++) {
                    times.add(monday + day * DAY + bar * 5 * minute);
                }
            }
        }
        Series bars = new Series("stock", times.stream().mapToLong(Long::longValue).toArray(),
                new double[times.size()]);
        TimeGrid exchange = TimeGrid.resolve(List.of(bars), null, null, null);
        assertThat(exchange.stepMillis()).isEqualTo(5 * minute);
        // A night from the 15:55 bar to 09:30 is 17 h 35 min; a quarter more, 21 h 58 min 45 s, in whole steps.
        assertThat(exchange.maxGapMillis()).as("a quarter more than a night").isEqualTo(22 * HOUR);
        // Hourly readings with one three-day outage: the outage still restarts the series.
        long[] ts = new long[2000];
        for (int i = 0; i < ts.length; i++) {
            ts[i] = i * HOUR + (i >= 1000 ? 72 * HOUR : 0);
        }
        assertThat(TimeGrid.resolve(List.of(new Series("sensor", ts, new double[ts.length])), null, null, null)
                .maxGapMillis()).isEqualTo(TimeGrid.DEFAULT_MAX_GAP_STEPS * HOUR);
        // Readings every minute for 20 days, and on two of them a 30-minute pause after every fifth: 80-odd pauses
        // on two days are bursts, not a daily pattern.
        List<Long> bursty = new ArrayList<>();
        for (long t = 0; t < 20 * DAY; ) {
            bursty.add(t);
            long day = t / DAY;
            t += (day == 5 || day == 12) && bursty.size() % 5 == 0 ? 30 * minute : minute;
        }
        assertThat(TimeGrid.resolve(List.of(new Series("bursty", bursty.stream().mapToLong(Long::longValue).toArray(),
                new double[bursty.size()])), null, null, null).maxGapMillis())
                .isEqualTo(TimeGrid.DEFAULT_MAX_GAP_STEPS * minute);
        // Half-hourly rates every weekday, around the clock: a weekend is no pause on the weekday calendar.
        List<Long> rates = new ArrayList<>();
        for (long t = monday; t < monday + 28 * DAY; t += 30 * minute) {
            if (Instant.ofEpochMilli(t).atZone(ZoneOffset.UTC).getDayOfWeek().getValue() < 6) {
                rates.add(t);
            }
        }
        assertThat(TimeGrid.resolve(List.of(new Series("fx", rates.stream().mapToLong(Long::longValue).toArray(),
                new double[rates.size()])), null, null, null).maxGapMillis())
                .isEqualTo(TimeGrid.DEFAULT_MAX_GAP_STEPS * 30 * minute);
    }

    @Test
    void theStepIsTheMedianIntervalSoGapsAndWeekendsDoNotMoveIt() {
        // Trading days: Monday to Friday, so one interval in five is three days.
        long[] ts = new long[100];
        long t = 0;
        for (int i = 0; i < ts.length; i++) {
            ts[i] = t;
            t += i % 5 == 4 ? 3 * DAY : DAY;
        }
        Series trading = new Series("close", ts, new double[ts.length]);

        assertThat(TimeGrid.resolve(List.of(trading), null, null, null).stepMillis()).isEqualTo(DAY);
    }

    @Test
    void givenSettingsWin() {
        TimeGrid g = TimeGrid.resolve(List.of(TestData.series("a", 0, HOUR, 2000, i -> i)), 2 * HOUR, 10 * HOUR,
                new long[0]);

        assertThat(g.stepMillis()).isEqualTo(2 * HOUR);
        assertThat(g.maxGapMillis()).isEqualTo(10 * HOUR);
        assertThat(g.seasonalPeriodsMillis()).isEmpty();
    }

    @Test
    void aStepCannotBeInferredFromSinglePoints() {
        assertThatThrownBy(() -> TimeGrid.resolve(List.of(new Series("a", new long[] {1}, new double[] {1})), null,
                null, null)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("step interval");
    }

    @Test
    void aStepSoShortThatEveryPointIsAGapFailsAtOnceAndSaysWhy() {
        List<Series> monthly = List.of(TestData.series("a", 0, 31 * DAY, 60, i -> i));

        assertThatThrownBy(() -> TimeGrid.resolve(monthly, HOUR, null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the data's points are 744h apart (the median), more than the longest gap of 24h (24 "
                        + "steps of 1h), so every point would restart its series: give a step near 744h or leave it "
                        + "to be read off the data");
        assertThatThrownBy(() -> TimeGrid.resolve(monthly, null, DAY, null)).as("a max gap under the step too")
                .hasMessageContaining("more than the longest gap of 24h given, so every point would restart its "
                        + "series: give a max gap over 744h");
        assertThat(TimeGrid.resolve(List.of(new Series("a", new long[] {1}, new double[] {1})), HOUR, null, null)
                .stepMillis()).as("a given step needs no interval to check").isEqualTo(HOUR);
    }
}
