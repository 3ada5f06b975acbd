package dev.nowcast.model.forecast;

import static dev.nowcast.model.testing.Models.HOUR;
import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.nowcast.model.cell.CellType;
import dev.nowcast.model.head.HeadType;
import dev.nowcast.model.testing.Models;

/**
 * The per-event step allocates nothing once warm. Tagged to run in a JVM of its own (model/pom.xml): the Vector
 * API kernels allocate whenever they run without C2's intrinsics, and the other tests' many network shapes leave
 * profiles that can keep them there for longer than any warm-up, which made these tests depend on test order. Like
 * every JVM that runs the model, it runs with jvm.options (surefire's argLine), whose compile commands keep the
 * kernels out of the per-event compilation: inlined there, whether they allocated depended on unrelated code.
 */
@Tag(ForecasterAllocationTest.OWN_JVM)
class ForecasterAllocationTest {
    static final String OWN_JVM = "own-jvm";
    private static final long T0 = 978_307_200_000L;

    private static double value(int i) {
        return 20 + 10 * Math.sin(2 * Math.PI * i / 24.0) + (i % 7) * 0.3;
    }

    @ParameterizedTest
    @EnumSource(CellType.class)
    void observeAllocatesNothingAfterWarmUp(CellType cell) {
        allocatesNothing(Models.forecaster(1, cell, 2, 16, HeadType.GAUSSIAN, Models.pipeline(1, true, 24 * HOUR), 12, 2));
    }

    @Test
    void observeWithSmoothingAllocatesNothingAfterWarmUp() {
        allocatesNothing(Models.forecaster(1, CellType.LSTM, 1, 16, HeadType.GAUSSIAN,
                Models.smoothedPipeline(1, 24 * HOUR), 12, 2));
    }

    @Test
    void observeWithAnErrorAutoregressionAllocatesNothingAfterWarmUp() {
        allocatesNothing(Models.forecaster(1, CellType.LSTM, 1, 16, HeadType.GAUSSIAN,
                Models.smoothedPipeline(1, 24 * HOUR).withErrorAutoregression(
                        new dev.nowcast.model.feature.ErrorAutoregression(new double[] {0.4, -0.2, 0.1})), 12, 2));
    }

    @Test
    void observeWithAValueAutoregressionAllocatesNothingAfterWarmUp() {
        allocatesNothing(Models.forecaster(1, CellType.LSTM, 1, 16, HeadType.GAUSSIAN,
                Models.smoothedPipeline(1, 24 * HOUR).withValueAutoregression(
                        new dev.nowcast.model.feature.ValueAutoregression(24, new double[] {0.4, -0.2}, 0.5)), 12, 2));
    }

    @Test
    void observeWithAMedianShiftAllocatesNothingAfterWarmUp() {
        allocatesNothing(Models.forecaster(1, CellType.LSTM, 1, 16, HeadType.GAUSSIAN,
                Models.smoothedPipeline(1, 24 * HOUR).withMedianShiftRate(0.01), 12, 2));
    }

    @Test
    void observeOnTheWeekdayCalendarAllocatesNothingAfterWarmUp() {
        // Hourly points every day: the weekday calendar's gap checks and target times run on every one.
        allocatesNothing(Models.forecaster(1, CellType.LSTM, 1, 16, HeadType.GAUSSIAN,
                Models.smoothedPipeline(1, 24 * HOUR).withCalendar(dev.nowcast.model.feature.Calendar.WEEKDAYS), 12,
                2));
    }

    private static void allocatesNothing(Forecaster f) {
        SeriesState s = f.newState();
        StepResult out = new StepResult();
        double[] c = {1.5};
        for (int i = 0; i < 20_000; i++) {
            f.observe(s, T0 + i * HOUR, value(i), c, out);
        }
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().getId();
        // The Vector API kernels allocate until C2 has compiled them, which a loaded machine can delay past the
        // warm-up: the steady state is reached when one round of 100,000 steps allocates nothing (ten tries).
        long allocated = Long.MAX_VALUE;
        for (int round = 0, i = 20_000; round < 10 && allocated >= 4096; round++) {
            long before = mx.getThreadAllocatedBytes(id);
            for (int end = i + 100_000; i < end; i++) {
                f.observe(s, T0 + i * HOUR, value(i), c, out);
            }
            allocated = mx.getThreadAllocatedBytes(id) - before;
        }
        // 100,000 steps; a single boxed value per step would be 1.6 MB.
        assertThat(allocated).as("bytes allocated over 100,000 observe calls").isLessThan(4096);
    }
}
