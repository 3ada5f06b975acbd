package dev.nowcast.trainer.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
}
