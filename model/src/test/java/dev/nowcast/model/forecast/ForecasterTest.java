package dev.nowcast.model.forecast;

import dev.nowcast.model.cell.CellType;
import dev.nowcast.model.feature.Calendar;
import dev.nowcast.model.feature.ErrorAutoregression;
import dev.nowcast.model.feature.ExponentialSmoothing;
import dev.nowcast.model.feature.FeaturePipeline;
import dev.nowcast.model.feature.ValueAutoregression;
import dev.nowcast.model.head.HeadType;
import dev.nowcast.model.testing.Models;
import org.junit.jupiter.api.Test;

import static dev.nowcast.model.testing.Models.HOUR;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class ForecasterTest {
    private static final long T0 = 978_307_200_000L;

    private static double value(int i) {
        return 20 + 10 * Math.sin(2 * Math.PI * i / 24.0) + (i % 7) * 0.3;
    }

    private static double[] cov(int i) {
        return new double[]{i % 5};
    }

    private static void feed(Forecaster f, SeriesState s, StepResult out, int from, int to) {
        for (int i = from; i < to; i++) {
            f.observe(s, T0 + i * HOUR, value(i), cov(i), out);
        }
    }

    @Test
    void theValueAutoregressionIsMixedIntoTheOneStepForecastOnceTheRingHoldsItsLags() {
        FeaturePipeline pipeline = Models.smoothedPipeline(1, 24 * HOUR);
        Forecaster plain = Models.forecaster(1, CellType.LSTM, 2, 8, HeadType.GAUSSIAN, pipeline, 4, 3);
        ValueAutoregression deviations = new ValueAutoregression(0, new double[] {0.5}, 0.5);
        Forecaster mixed = Models.forecaster(1, CellType.LSTM, 2, 8, HeadType.GAUSSIAN,
                pipeline.withValueAutoregression(deviations), 4, 3);
        ValueAutoregression changes = new ValueAutoregression(1, new double[] {0.3, 0.1}, 0.25);
        Forecaster late = Models.forecaster(1, CellType.LSTM, 2, 8, HeadType.GAUSSIAN,
                pipeline.withValueAutoregression(changes), 4, 3);
        SeriesState a = plain.newState();
        SeriesState b = mixed.newState();
        SeriesState c = late.newState();
        StepResult outA = new StepResult();
        StepResult outB = new StepResult();
        StepResult outC = new StepResult();
        double[] values = new double[60];
        for (int i = 0; i < values.length; i++) {
            values[i] = value(i);
        }
        long[] times = new long[values.length];
        for (int i = 0; i < values.length; i++) {
            times[i] = T0 + i * HOUR;
        }
        double[] levels = pipeline.levels(times, values, Long.MAX_VALUE);
        for (int i = 0; i < values.length; i++) {
            plain.observe(a, T0 + i * HOUR, values[i], cov(i), outA);
            mixed.observe(b, T0 + i * HOUR, values[i], cov(i), outB);
            late.observe(c, T0 + i * HOUR, values[i], cov(i), outC);
            // The level's AR(1): halfway from the last value back to the running mean.
            double autoregression = levels[i] + 0.5 * (values[i] - levels[i]);
            assertThat(outB.mean(1)).isCloseTo(0.5 * outA.mean(1) + 0.5 * autoregression, within(1e-4));
            for (int h = 1; h <= outB.horizon(); h++) {
                // The probability of a rise is that of the mean emitted, the mixed one.
                assertThat(outB.probUp(h)).isEqualTo(
                        1 - NormalDistribution.cdf((values[i] - outB.mean(h)) / outB.stddev(h)));
            }
            if (i < 2) {
                // Fewer than its span of 3 points: the model's forecast alone.
                assertThat(outC.mean(1)).isEqualTo(outA.mean(1));
            } else {
                // The newest value at full precision, the older ones as the ring keeps them (float32).
                double next = values[i] + 0.3 * (values[i] - (float) values[i - 1])
                        + 0.1 * ((float) values[i - 1] - (float) values[i - 2]);
                assertThat(outC.mean(1)).isCloseTo(0.75 * outA.mean(1) + 0.25 * next, within(1e-4));
            }
        }
    }

    @Test
    void lateAndDuplicatePointsLeaveTheStateUntouched() {
        Forecaster f = Models.lstm(1, 3);
        SeriesState s = f.newState();
        StepResult out = new StepResult();
        feed(f, s, out, 0, 30);
        byte[] before = Models.write(s);
        f.observe(s, T0 + 28 * HOUR, 1, cov(0), out);
        assertThat(out.outcome()).isEqualTo(Outcome.LATE);
        f.observe(s, T0 + 29 * HOUR, 1, cov(0), out);
        assertThat(out.outcome()).isEqualTo(Outcome.DUPLICATE);
        assertThat(Models.write(s)).isEqualTo(before);
    }

    @Test
    void onlyAForecastMadeWarmFlagsAnomalies() {
        Forecaster f = Models.lstm(1, 3);
        int warmup = f.warmupSteps();

        // The last forecast before warm-up: its prediction says warm=false, so a spike is outside it but no anomaly.
        SeriesState cold = f.newState();
        StepResult out = new StepResult();
        feed(f, cold, out, 0, warmup - 1);
        assertThat(out.warm()).isFalse();
        f.observe(cold, T0 + (warmup - 1) * HOUR, value(warmup - 1) + 1_000, cov(warmup - 1), out);
        assertThat(out.scored()).isTrue();
        assertThat(out.anomalyScore()).isGreaterThan(f.anomalyThreshold());
        assertThat(out.outsideBounds()).isTrue();
        assertThat(out.anomaly()).isFalse();

        // The first warm forecast: the same spike one point later is an anomaly.
        SeriesState warm = f.newState();
        feed(f, warm, out, 0, warmup);
        assertThat(out.warm()).isTrue();
        f.observe(warm, T0 + warmup * HOUR, value(warmup) + 1_000, cov(warmup), out);
        assertThat(out.outsideBounds()).isTrue();
        assertThat(out.anomaly()).isTrue();

        // An ordinary point of a warm series is neither.
        feed(f, warm, out, warmup + 1, warmup + 30);
        f.observe(warm, T0 + (warmup + 30) * HOUR, warm.forecastMean(), cov(warmup + 30), out);
        assertThat(out.outsideBounds()).isFalse();
        assertThat(out.anomaly()).isFalse();
    }

    @Test
    void scoresTheSeasonalNaiveRuleOnceThePointOneSeasonEarlierIsInTheRing() {
        Forecaster f = Models.smoothedLstm(1, 3);
        assertThat(f.seasonSteps()).as("the smoothing's shortest season").isEqualTo(24);
        assertThat(f.seasonMillis()).isEqualTo(24 * HOUR);
        assertThat(Models.lstm(1, 3).seasonSteps()).as("the daily phase period in steps").isEqualTo(24);
        SeriesState s = f.newState();
        StepResult out = new StepResult();
        feed(f, s, out, 0, 24);
        assertThat(out.scored()).isTrue();
        assertThat(out.seasonalNaiveAbsError()).as("point 23 has no point one day earlier").isNaN();
        feed(f, s, out, 24, 30);
        float dayEarlier = s.ringValue(s.ringIndexOf(T0 + 6 * HOUR));
        f.observe(s, T0 + 30 * HOUR, value(30), cov(30), out);
        assertThat(out.seasonalNaiveAbsError()).isEqualTo(Math.abs(value(30) - dayEarlier));
        // A gap: the point one season before the next one is missing, so the rule is not scored.
        f.observe(s, T0 + 60 * HOUR, value(60), cov(60), out);
        assertThat(out.seasonalNaiveAbsError()).isNaN();
    }

    @Test
    void aDecimalSensorsResolutionHoldsThroughLargeChangesAndAModelSwap() {
        // Readings to 0.01 near 28, inexact in binary, moving by up to 30 steps at once; the ring keeps float32
        // values, from which a rebuild under a new model could not tell the grid again.
        Forecaster v1 = Models.smoothedLstm(1, 3);
        SeriesState s = v1.newState();
        StepResult out = new StepResult();
        java.util.SplittableRandom random = new java.util.SplittableRandom(5);
        long hundredths = 2800;
        for (int i = 0; i < 2000; i++) {
            hundredths += random.nextInt(-30, 31);
            v1.observe(s, T0 + i * HOUR, Double.parseDouble(hundredths / 100 + "." + String.format("%02d",
                    hundredths % 100)), cov(i), out);
        }
        assertThat(s.resolution()).as("to 1e-4 of a step, as Euclid found it").isCloseTo(0.01f,
                org.assertj.core.api.Assertions.within(1e-6f));
        float learned = s.resolution();
        Models.smoothedLstm(2, 3).observe(s, T0 + 2000 * HOUR, (hundredths + 7) / 100.0, cov(2000), out);
        assertThat(out.rebuilt()).isTrue();
        assertThat(s.resolution()).as("kept through the rebuild").isEqualTo(learned);
    }

    @Test
    void aQuantisedSensorsIntervalsSpanAtLeastItsResolutionAndItsStepsAreNotAnomalies() {
        Forecaster f = Models.smoothedLstm(1, 3);
        SeriesState s = f.newState();
        StepResult out = new StepResult();
        java.util.SplittableRandom random = new java.util.SplittableRandom(11);
        double quantum = 0.5;
        double level = 20;
        int anomalies = 0;
        int scored = 0;
        for (int i = 0; i < 4000; i++) {
            // A slow drift read by a sensor of resolution 0.5: mostly no change, now and then one step.
            level += 0.05 * random.nextGaussian();
            f.observe(s, T0 + i * HOUR, Math.round(level / quantum) * quantum, cov(i), out);
            if (i >= 500 && out.scored()) {
                scored++;
                anomalies += out.anomaly() ? 1 : 0;
                for (int h = 1; h <= out.horizon(); h++) {
                    assertThat(out.p90(h) - out.p50(h)).isGreaterThanOrEqualTo(quantum * (1 - 1e-6));
                }
            }
        }
        assertThat(s.resolution()).isEqualTo((float) quantum);
        assertThat((double) anomalies / scored).as("share flagged at 3 sigma").isLessThan(0.0027);
    }

    @Test
    void theAnomalyBoundsAndScoreAreOnTheCalibratedTailScale() {
        Forecaster plain = Models.lstm(1, 3);
        Forecaster tailed = Models.forecaster(1, CellType.LSTM, 2, 8, HeadType.GAUSSIAN,
                Models.pipeline(1, true, 24 * HOUR).withTailScale(2), 4, 3);
        SeriesState a = plain.newState();
        SeriesState b = tailed.newState();
        StepResult outA = new StepResult();
        StepResult outB = new StepResult();
        for (int i = 0; i < 30; i++) {
            // Whole-number values would give a resolution of 1 and widen the bounds by it; these change by less.
            plain.observe(a, T0 + i * HOUR, value(i), cov(i), outA);
            tailed.observe(b, T0 + i * HOUR, value(i), cov(i), outB);
        }
        assertThat(outB.expectedMean()).isEqualTo(outA.expectedMean());
        double rounding = 0.5 * a.resolution();
        assertThat(outB.upper() - outB.expectedMean() - rounding)
                .isCloseTo(2 * (outA.upper() - outA.expectedMean() - rounding), within(1e-9));
        assertThat(outB.anomalyScore()).isCloseTo(outA.anomalyScore() / 2, within(1e-12));
    }

    @Test
    void theForecastOfAStoredStateIsTheOneObserveEmittedEveryHorizon() {
        // The shapes of the other tests here (the allocation tests are sensitive to new JIT profiles); the
        // covariates are whole numbers, so their float32 copies in the ring are exact.
        Forecaster f = Models.smoothedLstm(1, 3);
        SeriesState s = f.newState();
        StepResult emitted = new StepResult();
        for (int i = 0; i < 80; i++) {
            f.observe(s, T0 + i * HOUR, value(i), cov(i), emitted);
        }
        SeriesState stored = Models.read(Models.write(s));
        StepResult queried = new StepResult();
        f.forecast(stored, queried);

        assertThat(Models.write(stored)).as("the state is untouched").isEqualTo(Models.write(s));
        assertThat(queried.horizon()).isEqualTo(4);
        for (int h = 1; h <= 4; h++) {
            assertThat(queried.targetTime(h)).isEqualTo(emitted.targetTime(h));
            assertThat(queried.mean(h)).isEqualTo(emitted.mean(h));
            assertThat(queried.stddev(h)).isEqualTo(emitted.stddev(h));
            assertThat(queried.probUp(h)).isEqualTo(emitted.probUp(h));
        }
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Models.smoothedLstm(2, 3).forecast(stored, queried))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("version 2");
    }

    @Test
    void onAWeekdayCalendarTheForecastAfterFridayIsForMonday() {
        long friday = java.time.Instant.parse("2001-01-05T20:00:00Z").toEpochMilli();
        Forecaster weekdays = Models.forecaster(1, CellType.LSTM, 2, 8, HeadType.GAUSSIAN,
                Models.pipeline(1, true, 24 * HOUR).withCalendar(Calendar.WEEKDAYS), 4, 3);
        SeriesState s = weekdays.newState();
        StepResult out = new StepResult();
        for (int i = 0; i < 5; i++) {
            weekdays.observe(s, friday - (4 - i) * HOUR, value(i), cov(i), out);
        }
        assertThat(out.targetTime(1)).isEqualTo(friday + HOUR);
        assertThat(out.targetTime(3)).isEqualTo(friday + 3 * HOUR);
        assertThat(out.targetTime(4)).as("Friday 24:00 is Monday 00:00").isEqualTo(friday + (4 + 48) * HOUR);
    }

    @Test
    void aMissWhereTheResolutionFloorSetTheIntervalStillWidensIt() {
        Forecaster f = Models.smoothedLstm(1, 3);
        SeriesState s = f.newState();
        StepResult out = new StepResult();
        // A count that moved once by 1 and then stayed: its spread decays and the interval rests on the floor.
        int i = 0;
        f.observe(s, T0, 10, cov(i++), out);
        f.observe(s, T0 + HOUR, 11, cov(i++), out);
        for (; i < 400; i++) {
            f.observe(s, T0 + i * HOUR, 10, cov(i), out);
        }
        double floor = 1 / NormalDistribution.Z90;
        double before = s.statistics()[FeaturePipeline.INTERVAL_LOG_SCALE];
        f.observe(s, T0 + i * HOUR, 14, cov(i), out);
        assertThat(out.expectedStddev()).as("the interval was the floor's").isCloseTo(floor, within(1e-6));
        assertThat(out.insideInterval()).isFalse();
        double step = f.pipeline().intervalAdaptation();
        assertThat(s.statistics()[FeaturePipeline.INTERVAL_LOG_SCALE]).as("a miss raises the multiplier")
                .isCloseTo(before + 0.8 * step, within(1e-12));
    }

    @Test
    void scoresThePreviousForecastAndFillsEveryHorizon() {
        Forecaster f = Models.lstm(1, 3).withAnomalyThreshold(2.5);
        SeriesState s = f.newState();
        StepResult out = new StepResult();
        f.observe(s, T0, value(0), cov(0), out);
        assertThat(out.scored()).isFalse();
        assertThat(out.warm()).isFalse();
        feed(f, s, out, 1, 10);
        double mean = s.forecastMean();
        float sd = s.forecastStddev();
        double prev = s.lastValue();
        double v = value(10);
        f.observe(s, T0 + 10 * HOUR, v, cov(10), out);
        assertThat(out.scored()).isTrue();
        assertThat(out.warm()).isTrue();
        assertThat(out.absError()).isEqualTo(Math.abs(v - mean));
        assertThat(out.naiveAbsError()).isEqualTo(Math.abs(v - prev));
        assertThat(out.expectedMean()).isEqualTo(mean);
        assertThat(out.anomalyScore()).isEqualTo((v - mean) / sd);
        // Half a step of the series' resolution widens the bounds: a reading is a rounded value.
        assertThat(s.resolution()).isPositive();
        assertThat(out.lower()).isEqualTo(mean - 2.5 * sd - 0.5 * s.resolution());
        assertThat(out.upper()).isEqualTo(mean + 2.5 * sd + 0.5 * s.resolution());
        assertThat(out.outsideBounds()).isEqualTo(v < out.lower() || v > out.upper());
        assertThat(out.anomaly()).isEqualTo(out.outsideBounds());
        assertThat(out.horizon()).isEqualTo(4);
        for (int h = 1; h <= 4; h++) {
            assertThat(out.targetTime(h)).isEqualTo(T0 + (10 + h) * HOUR);
            assertThat(out.p10(h)).isLessThan(out.p50(h));
            assertThat(out.p90(h) - out.p50(h)).isCloseTo(NormalDistribution.Z90 * out.stddev(h), within(1e-9));
            assertThat(out.probUp(h)).isCloseTo(1 - NormalDistribution.cdf((v - out.mean(h)) / out.stddev(h)),
                    within(1e-15));
            if (h > 1) {
                assertThat(out.stddev(h)).as("variance accumulates").isGreaterThan(out.stddev(h - 1));
            }
        }
        assertThat(s.forecastChange()).isEqualTo((float) (out.mean(1) - v));
        assertThat(s.forecastMean()).isCloseTo(out.mean(1), within(1e-5));
        assertThatThrownBy(() -> out.mean(5)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void rolloutDoesNotMutateTheStoredState() {
        Forecaster longHorizon = Models.lstm(1, 5);
        Forecaster oneStep = longHorizon.withHorizon(1);
        SeriesState a = longHorizon.newState();
        SeriesState b = oneStep.newState();
        StepResult out = new StepResult();
        for (int i = 0; i < 50; i++) {
            longHorizon.observe(a, T0 + i * HOUR, value(i), cov(i), out);
            oneStep.observe(b, T0 + i * HOUR, value(i), cov(i), out);
        }
        assertThat(Models.write(a)).isEqualTo(Models.write(b));
    }

    @Test
    void aLongGapRestartsTheSeries() {
        Forecaster f = Models.lstm(1, 3);
        SeriesState s = f.newState();
        StepResult out = new StepResult();
        feed(f, s, out, 0, 20);
        f.observe(s, T0 + 40 * HOUR, 5, cov(0), out);
        assertThat(out.restarted()).isTrue();
        assertThat(out.scored()).isFalse();
        assertThat(s.observations()).isEqualTo(1);
        assertThat(s.ringSize()).isEqualTo(1);
        SeriesState fresh = f.newState();
        f.observe(fresh, T0 + 40 * HOUR, 5, cov(0), out);
        assertThat(Models.write(s)).isEqualTo(Models.write(fresh));
    }

    @Test
    void onAWeekdayCalendarAWeekendIsNoGap() {
        // Half-hourly points until Friday 23:30, then Monday 00:00: 48.5 hours, against a maximum gap of 6.
        long mondayFirst = java.time.Instant.parse("2001-01-08T00:00:00Z").toEpochMilli();
        FeaturePipeline pipeline = Models.pipeline(1, false, 24 * HOUR);
        for (Calendar calendar : Calendar.values()) {
            Forecaster f = Models.forecaster(1, CellType.LSTM, 2, 8, HeadType.GAUSSIAN,
                    pipeline.withCalendar(calendar), 4, 3);
            SeriesState s = f.newState();
            StepResult out = new StepResult();
            for (int i = 0; i < 20; i++) {
                f.observe(s, mondayFirst - 48 * HOUR - (20 - i) * HOUR / 2, value(i), cov(i), out);
            }
            f.observe(s, mondayFirst, value(20), cov(20), out);
            boolean weekdays = calendar == Calendar.WEEKDAYS;
            assertThat(out.restarted()).as(calendar.name()).isEqualTo(!weekdays);
            assertThat(out.scored()).as(calendar.name()).isEqualTo(weekdays);
            assertThat(s.observations()).as(calendar.name()).isEqualTo(weekdays ? 21 : 1);
        }
    }

    @Test
    void aSwapReplaysTheRingFromTheLastGapAtWhichTheNewModelRestarts() {
        // Version 1 counts weekdays only and kept the series across a weekend; version 2 counts every hour.
        long mondayFirst = java.time.Instant.parse("2001-01-08T00:00:00Z").toEpochMilli();
        FeaturePipeline pipeline = Models.pipeline(1, false, 24 * HOUR);
        Forecaster v1 = Models.forecaster(1, CellType.LSTM, 2, 8, HeadType.GAUSSIAN,
                pipeline.withCalendar(Calendar.WEEKDAYS), 4, 3);
        Forecaster v2 = Models.forecaster(2, CellType.LSTM, 2, 8, HeadType.GAUSSIAN, pipeline, 4, 3);
        SeriesState s = v1.newState();
        StepResult out = new StepResult();
        for (int i = 0; i < 15; i++) {
            long t = i < 10 ? mondayFirst - 48 * HOUR - (10 - i) * HOUR / 2 : mondayFirst + (i - 10) * HOUR / 2;
            v1.observe(s, t, value(i), cov(i), out);
        }
        assertThat(s.observations()).as("no restart on weekdays").isEqualTo(15);
        v2.observe(s, mondayFirst + 5 * HOUR / 2, value(15), cov(15), out);
        assertThat(out.rebuilt()).isTrue();
        assertThat(s.ringSize()).as("Monday's five points replayed, then the new one").isEqualTo(6);
        assertThat(s.ringTimestamp(0)).isEqualTo(mondayFirst);
    }

    @Test
    void aModelSwapRebuildsTheStateAsAFreshSeriesOverTheRing() {
        Forecaster v1 = Models.lstm(1, 3);
        Forecaster v2 = Models.lstm(2, 4);
        SeriesState s = v1.newState();
        StepResult out = new StepResult();
        feed(v1, s, out, 0, 100);
        int ring = s.ringSize();
        assertThat(ring).isEqualTo(SeriesState.DEFAULT_RING_CAPACITY);
        SeriesState fresh = v2.newState();
        StepResult freshOut = new StepResult();
        for (int i = 100 - ring; i < 100; i++) {
            v2.observe(fresh, T0 + i * HOUR, (float) value(i), new double[]{(float) cov(i)[0]}, freshOut);
        }
        v2.observe(s, T0 + 100 * HOUR, value(100), cov(100), out);
        v2.observe(fresh, T0 + 100 * HOUR, value(100), cov(100), freshOut);
        assertThat(out.rebuilt()).isTrue();
        assertThat(freshOut.rebuilt()).isFalse();
        assertThat(s.modelVersion()).isEqualTo(2);
        assertThat(out.mean(4)).isEqualTo(freshOut.mean(4));
        assertThat(out.absError()).isEqualTo(freshOut.absError());
        assertThat(s.stepsSeen()).isEqualTo(ring + 1);
        // Counters differ (the rebuilt series saw 101 points), the model state is identical.
        for (int l = 0; l < s.layers(); l++) {
            assertThat(s.hidden(l)).isEqualTo(fresh.hidden(l));
        }
        assertThat(s.statistics()).isEqualTo(fresh.statistics());
    }

    @Test
    void seriesSeenBeforeAnyModelAreRebuiltFromTheirRingWhenOneArrives() {
        SeriesState s = new SeriesState(8);
        for (int i = 0; i < 12; i++) {
            assertThat(Forecaster.observeWithoutModel(s, T0 + i * HOUR, value(i), cov(i))).isEqualTo(Outcome.ACCEPTED);
        }
        assertThat(Forecaster.observeWithoutModel(s, T0, 1, cov(0))).isEqualTo(Outcome.LATE);
        assertThat(s.modelVersion()).isEqualTo(SeriesState.NO_MODEL);
        assertThat(s.ringSize()).isEqualTo(8);
        Forecaster f = Models.lstm(7, 1);
        StepResult out = new StepResult();
        f.observe(s, T0 + 12 * HOUR, value(12), cov(12), out);
        assertThat(out.rebuilt()).isTrue();
        assertThat(out.scored()).isTrue();
        assertThat(s.stepsSeen()).isEqualTo(9);
        assertThat(s.ringCapacity()).as("grown to the seasonal lag").isEqualTo(24);
    }

    @Test
    void theSameInputsGiveTheSameBitsAndARestoredStateContinuesIdentically() {
        Forecaster f = Models.lstm(1, 9);
        SeriesState a = f.newState();
        SeriesState b = f.newState();
        StepResult outA = new StepResult();
        StepResult outB = new StepResult();
        for (int i = 0; i < 80; i++) {
            f.observe(a, T0 + i * HOUR, value(i), cov(i), outA);
            b = Models.read(Models.write(b));
            f.observe(b, T0 + i * HOUR, value(i), cov(i), outB);
            for (int h = 1; h <= 4; h++) {
                assertThat(Double.doubleToRawLongBits(outA.mean(h))).isEqualTo(Double.doubleToRawLongBits(outB.mean(h)));
                assertThat(Double.doubleToRawLongBits(outA.stddev(h))).isEqualTo(Double.doubleToRawLongBits(outB.stddev(h)));
            }
        }
        assertThat(Models.write(a)).isEqualTo(Models.write(b));
    }

    @Test
    void aSwapToTheSameSmoothingLayoutKeepsTheSmoothingStateAndRebuildsOnlyTheNetwork() {
        Forecaster v1 = Models.smoothedLstm(1, 3);
        Forecaster v2 = Models.smoothedLstm(2, 4);
        SeriesState s = v1.newState();
        StepResult out = new StepResult();
        feed(v1, s, out, 0, 400);
        assertThat(s.seasonal()).hasSize(24 + 168);
        double[] statistics = s.statistics().clone();
        float[] seasonal = s.seasonal().clone();
        SeriesState fresh = v2.newState();
        StepResult freshOut = new StepResult();
        for (int i = 400 - s.ringSize(); i < 400; i++) {
            v2.observe(fresh, T0 + i * HOUR, (float) value(i), new double[]{(float) cov(i)[0]}, freshOut);
        }
        // A fresh series over the ring, given the smoothing state the old series had learned over 400 points.
        System.arraycopy(statistics, 0, fresh.statistics(), 0, statistics.length);
        System.arraycopy(seasonal, 0, fresh.seasonal(), 0, seasonal.length);
        SeriesState swapped = Models.read(Models.write(s));
        v2.observe(swapped, T0 + 400 * HOUR, value(400), cov(400), out);
        v2.observe(fresh, T0 + 400 * HOUR, value(400), cov(400), freshOut);
        assertThat(out.rebuilt()).isTrue();
        for (int l = 0; l < swapped.layers(); l++) {
            assertThat(swapped.hidden(l)).as("the network's state is rebuilt from the ring")
                    .isEqualTo(fresh.hidden(l));
        }
        assertThat(swapped.statistics()[FeaturePipeline.ERROR_MEAN_SQUARE])
                .isEqualTo(fresh.statistics()[FeaturePipeline.ERROR_MEAN_SQUARE]);
        assertThat(out.mean(4)).isEqualTo(freshOut.mean(4));
        SeriesState kept = Models.read(Models.write(s));
        Models.smoothedLstm(1, 3).observe(kept, T0 + 400 * HOUR, value(400), cov(400), new StepResult());
        assertThat(swapped.seasonal()).as("seasonal indices carried over, then updated by the new point")
                .isEqualTo(kept.seasonal());
        assertThat(swapped.statistics()[FeaturePipeline.SMOOTH_LEVEL])
                .isEqualTo(kept.statistics()[FeaturePipeline.SMOOTH_LEVEL]);
        assertThat(statistics[FeaturePipeline.SMOOTH_STEPS]).isEqualTo(399);
        assertThat(seasonal).isNotEqualTo(new float[24 + 168]);
    }

    @Test
    void aSwapBetweenSmoothedModelsWithoutSeasonsKeepsTheLevel() {
        FeaturePipeline levelOnly = Models.pipeline(1, false, 24 * HOUR).withSmoothing(
                new ExponentialSmoothing(0.5, 0, 1, new int[0], new double[0]), 0.15);
        Forecaster v1 = Models.forecaster(1, CellType.LSTM, 2, 8, HeadType.GAUSSIAN, levelOnly, 4, 1);
        Forecaster v2 = Models.forecaster(2, CellType.LSTM, 2, 8, HeadType.GAUSSIAN, levelOnly, 4, 2);
        SeriesState s = v1.newState();
        StepResult out = new StepResult();
        feed(v1, s, out, 0, 60);
        double level = s.statistics()[FeaturePipeline.SMOOTH_LEVEL];
        SeriesState kept = Models.read(Models.write(s));
        v2.observe(s, T0 + 60 * HOUR, value(60), cov(60), out);
        v1.observe(kept, T0 + 60 * HOUR, value(60), cov(60), new StepResult());
        assertThat(out.rebuilt()).isTrue();
        assertThat(level).isNotZero();
        assertThat(s.statistics()[FeaturePipeline.SMOOTH_LEVEL]).isEqualTo(kept.statistics()[FeaturePipeline.SMOOTH_LEVEL]);
    }

    @Test
    void aSwapToAnotherSeasonalLayoutStartsTheSmoothingAfresh() {
        Forecaster daily = Models.smoothedLstm(1, 3);
        Forecaster v1 = Models.lstm(2, 4);
        SeriesState s = daily.newState();
        StepResult out = new StepResult();
        feed(daily, s, out, 0, 300);
        v1.observe(s, T0 + 300 * HOUR, value(300), cov(300), out);
        assertThat(s.seasonal()).isEmpty();
        assertThat(s.statistics()[FeaturePipeline.SMOOTH_LAYOUT]).isZero();
        assertThat(out.rebuilt()).isTrue();
    }

    @Test
    void eachSeriesAdaptsItsIntervalToCoverEightyPercentOfItsPoints() {
        Forecaster f = Models.smoothedLstm(1, 5);
        SeriesState s = f.newState();
        StepResult out = new StepResult();
        java.util.SplittableRandom random = new java.util.SplittableRandom(7);
        int inside = 0;
        int scored = 0;
        double level = 100;
        for (int i = 0; i < 6000; i++) {
            // The noise grows fourfold halfway: a fixed calibration would over- then under-cover.
            level += (i < 3000 ? 1 : 4) * random.nextGaussian();
            f.observe(s, T0 + i * HOUR, level, cov(i), out);
            if (i >= 1000 && out.scored()) {
                scored++;
                inside += out.insideInterval() ? 1 : 0;
            }
        }
        assertThat((double) inside / scored).isCloseTo(0.80, within(0.02));
        assertThat(s.statistics()[FeaturePipeline.INTERVAL_LOG_SCALE]).isNotZero();
    }

    @Test
    void eachSeriesAdaptsItsFarIntervalsToCoverEightyPercentAHorizonLater() {
        FeaturePipeline pipeline = Models.smoothedPipeline(1, 24 * HOUR);
        double adapted = farCoverage(Models.forecaster(1, CellType.LSTM, 2, 8, HeadType.GAUSSIAN,
                pipeline.withFarAdaptation(0.3), 4, 5));
        double fixed = farCoverage(Models.forecaster(1, CellType.LSTM, 2, 8, HeadType.GAUSSIAN, pipeline, 4, 5));
        assertThat(adapted).isCloseTo(0.80, within(0.03));
        assertThat(Math.abs(fixed - 0.80)).as("without it, coverage %s", fixed).isGreaterThan(0.05);
    }

    /** Coverage of the farthest horizon's p10-p90 on a series whose increments persist (errors pile up). */
    private static double farCoverage(Forecaster f) {
        SeriesState s = f.newState();
        StepResult out = new StepResult();
        java.util.SplittableRandom random = new java.util.SplittableRandom(11);
        int h = f.horizon();
        double[] lower = new double[6000 + h];
        double[] upper = new double[6000 + h];
        java.util.Arrays.fill(lower, Double.NaN);
        int inside = 0;
        int scored = 0;
        double level = 100;
        double drift = 0;
        for (int i = 0; i < 6000; i++) {
            drift = 0.9 * drift + random.nextGaussian();
            level += drift;
            f.observe(s, T0 + i * HOUR, level, cov(i), out);
            if (i >= 1000 && !Double.isNaN(lower[i])) {
                scored++;
                inside += level >= lower[i] && level <= upper[i] ? 1 : 0;
            }
            lower[i + h] = out.p10(h);
            upper[i + h] = out.p90(h);
        }
        return (double) inside / scored;
    }

    @Test
    void aSeriesWhoseErrorsPersistCarriesThemIntoEveryHorizon() {
        // The network's correction off (mean scale 0), so the two forecasters differ by the persistence alone.
        FeaturePipeline pipeline = Models.smoothedPipeline(1, 24 * HOUR).withCalibration(0.0, 1.1);
        Forecaster plain = Models.forecaster(1, CellType.LSTM, 2, 8, HeadType.GAUSSIAN, pipeline, 4, 5);
        Forecaster persisting = Models.forecaster(1, CellType.LSTM, 2, 8, HeadType.GAUSSIAN,
                pipeline.withPersistenceDecay(0.03), 4, 5);
        SeriesState a = plain.newState();
        SeriesState b = persisting.newState();
        StepResult outA = new StepResult();
        StepResult outB = new StepResult();
        java.util.SplittableRandom random = new java.util.SplittableRandom(3);
        double x = 0;
        double plainError = 0;
        double persistingError = 0;
        for (int i = 0; i < 3000; i++) {
            // Slow swings around a level (AR(1) at 0.95): the smoothing's one-step errors persist.
            x = 0.95 * x + random.nextGaussian();
            long t = T0 + i * HOUR;
            plain.observe(a, t, 100 + x, cov(i), outA);
            b = Models.read(Models.write(b));
            persisting.observe(b, t, 100 + x, cov(i), outB);
            if (i >= 500) {
                plainError += outA.absError();
                persistingError += outB.absError();
            }
        }
        assertThat(persistingError).as("vs %s", plainError).isLessThan(0.9 * plainError);
        FeaturePipeline p = persisting.pipeline();
        double rho = p.persistence(b);
        double echo = p.persistentError(b, p.scale(b));
        assertThat(rho).isPositive();
        for (int h = 1; h <= 4; h++) {
            double expected = 0;
            for (int k = 0; k < h; k++) {
                expected += p.smoothing().errorWeight(h - 1 - k) * echo * Math.pow(rho, k);
            }
            // Horizon 1 is the stored float32 forecast; the others are computed in double.
            assertThat(outB.mean(h) - outA.mean(h)).as("horizon %s", h)
                    .isCloseTo(expected, within(h == 1 ? 1e-4 : 1e-9));
        }
    }

    @Test
    void aModelSwapForgetsTheErrorsPersistenceAndTheNewModelLearnsItAgain() {
        // The network's correction off, so the errors are the smoothing's under either version.
        FeaturePipeline pipeline = Models.smoothedPipeline(1, 24 * HOUR).withCalibration(0.0, 1.1)
                .withPersistenceDecay(0.03);
        Forecaster v1 = Models.forecaster(1, CellType.LSTM, 2, 8, HeadType.GAUSSIAN, pipeline, 4, 5);
        Forecaster v2 = Models.forecaster(2, CellType.LSTM, 2, 8, HeadType.GAUSSIAN, pipeline, 4, 6);
        // Slow swings around a level (AR(1) at 0.95): the smoothing's one-step errors persist.
        double[] x = new double[2000];
        java.util.SplittableRandom random = new java.util.SplittableRandom(3);
        for (int i = 1; i < x.length; i++) {
            x[i] = 0.95 * x[i - 1] + random.nextGaussian();
        }
        SeriesState s = v1.newState();
        StepResult out = new StepResult();
        for (int i = 0; i < 1000; i++) {
            v1.observe(s, T0 + i * HOUR, 100 + x[i], cov(i), out);
        }
        assertThat(pipeline.persistence(s)).as("learned under version 1").isPositive();
        s = Models.read(Models.write(s));
        v2.observe(s, T0 + 1000 * HOUR, 100 + x[1000], cov(1000), out);
        assertThat(out.rebuilt()).isTrue();
        assertThat(pipeline.persistence(s)).as("the evidence is version 1's errors': forgotten").isZero();
        assertThat(s.statistics()[FeaturePipeline.PERSISTENCE_EVIDENCE]).isLessThan(0.1);
        for (int i = 1001; i < x.length; i++) {
            v2.observe(s, T0 + i * HOUR, 100 + x[i], cov(i), out);
        }
        assertThat(pipeline.persistence(s)).as("learned again under version 2").isPositive();
    }

    /** The last-value base with the network's correction off and an error autoregression of one lag. */
    private static FeaturePipeline autoregressive(double a) {
        return Models.pipeline(1, false, 24 * HOUR).withCalibration(0.0, 1.1)
                .withErrorAutoregression(new ErrorAutoregression(new double[] {a}));
    }

    @Test
    void theErrorAutoregressionCarriesItsExpectedErrorsIntoEveryHorizonAndWidensTheFarIntervals() {
        FeaturePipeline pipeline = autoregressive(0.6);
        Forecaster f = Models.forecaster(1, CellType.LSTM, 1, 8, HeadType.POINT, pipeline, 4, 5);
        SeriesState s = f.newState();
        StepResult out = new StepResult();
        double previous = 0;
        for (int i = 0; i < 80; i++) {
            double scaleBefore = pipeline.scale(s);
            f.observe(s, T0 + i * HOUR, value(i), cov(i), out);
            if (i > 0) {
                assertThat(s.statistics()[FeaturePipeline.AR_ERRORS]).as("the error kept at point %d", i)
                        .isEqualTo(pipeline.target(previous, value(i), scaleBefore));
            }
            previous = value(i);
        }
        double scale = pipeline.scale(s);
        double u = s.statistics()[FeaturePipeline.AR_ERRORS];
        assertThat(u).isNotZero();
        // Over the last value every earlier error counts in full: the forecast h steps on adds 0.6 + ... + 0.6^h.
        double expected = value(79);
        double sd1 = out.stddev(1);
        double psiSquares = 0;
        double psi = 0;
        for (int h = 0; h < 4; h++) {
            expected += scale * u * Math.pow(0.6, h + 1);
            assertThat(out.mean(h + 1)).as("mean at horizon %d", h + 1).isCloseTo(expected, within(1e-5 * scale));
            psi += Math.pow(0.6, h);
            psiSquares += psi * psi;
            assertThat(out.stddev(h + 1) / sd1).as("spread at horizon %d", h + 1)
                    .isCloseTo(Math.sqrt(psiSquares), within(1e-4));
        }
    }

    @Test
    void aSwapReplaysTheErrorsTheNewModelsAutoregressionWouldHaveKept() {
        Forecaster v1 = Models.forecaster(1, CellType.LSTM, 1, 8, HeadType.GAUSSIAN, autoregressive(0.6), 4, 5);
        Forecaster v2 = Models.forecaster(2, CellType.LSTM, 1, 8, HeadType.GAUSSIAN, autoregressive(-0.3), 4, 6);
        SeriesState s = v1.newState();
        StepResult out = new StepResult();
        feed(v1, s, out, 0, 100);
        SeriesState fresh = v2.newState();
        for (int i = 0; i < s.ringSize(); i++) {
            v2.observe(fresh, s.ringTimestamp(i), s.ringValue(i), cov(0), out);
        }
        s = Models.read(Models.write(s));
        v2.observe(s, T0 + 100 * HOUR, value(100), cov(100), out);
        assertThat(out.rebuilt()).isTrue();
        v2.observe(fresh, T0 + 100 * HOUR, value(100), cov(100), out);
        double[] swapped = java.util.Arrays.copyOfRange(s.statistics(), FeaturePipeline.AR_ERRORS,
                FeaturePipeline.AR_ERRORS + ErrorAutoregression.MAX_ORDER);
        assertThat(swapped).isEqualTo(java.util.Arrays.copyOfRange(fresh.statistics(), FeaturePipeline.AR_ERRORS,
                FeaturePipeline.AR_ERRORS + ErrorAutoregression.MAX_ORDER));
        assertThat(swapped).isNotEqualTo(new double[ErrorAutoregression.MAX_ORDER]);
    }

    @Test
    void theSmoothedPipelineGivesTheSameBitsThroughAStateRoundTripAndAllocatesNothing() {
        Forecaster f = Models.smoothedLstm(1, 9);
        SeriesState a = f.newState();
        SeriesState b = f.newState();
        StepResult outA = new StepResult();
        StepResult outB = new StepResult();
        for (int i = 0; i < 400; i++) {
            long t = T0 + (i + (i % 50 == 49 ? 2 : 0)) * HOUR;
            f.observe(a, t, value(i), cov(i), outA);
            b = Models.read(Models.write(b));
            f.observe(b, t, value(i), cov(i), outB);
            for (int h = 1; h <= 4; h++) {
                assertThat(Double.doubleToRawLongBits(outA.mean(h))).isEqualTo(Double.doubleToRawLongBits(outB.mean(h)));
                assertThat(Double.doubleToRawLongBits(outA.stddev(h))).isEqualTo(Double.doubleToRawLongBits(outB.stddev(h)));
            }
        }
        assertThat(Models.write(a)).isEqualTo(Models.write(b));
    }

    @Test
    void rejectsNonFiniteValuesAndWrongCovariateCounts() {
        Forecaster f = Models.lstm(1, 3);
        SeriesState s = f.newState();
        StepResult out = new StepResult();
        assertThatThrownBy(() -> f.observe(s, T0, Double.NaN, cov(0), out)).hasMessageContaining("not finite");
        assertThatThrownBy(() -> f.observe(s, T0, 1, new double[2], out)).hasMessageContaining("expected 1 covariates");
        assertThatThrownBy(() -> f.observe(s, T0, 1, new double[]{Double.POSITIVE_INFINITY}, out))
                .hasMessageContaining("covariate 0");
        assertThat(s.observations()).isZero();
    }
}
