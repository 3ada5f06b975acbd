package dev.nowcast.model.feature;

import dev.nowcast.model.forecast.SeriesState;
import dev.nowcast.model.testing.Models;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.TreeMap;

import static dev.nowcast.model.testing.Models.HOUR;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class FeaturePipelineTest {
    private static final long DAY = 24 * HOUR;
    private static final long FRIDAY = java.time.Instant.parse("2001-01-05T00:00:00Z").toEpochMilli();

    private static float[] observe(FeaturePipeline p, SeriesState s, long t, double v, double... cov) {
        float[] f = new float[p.featureCount()];
        p.update(s, t, v, cov, f, 0);
        s.accept(t, v, cov);
        return f;
    }

    @Test
    void theTailScaleIsOptionalKeptThroughCalibrationAndBounded() {
        FeaturePipeline p = Models.pipeline(1, false, DAY);
        assertThat(p.tailScale()).as("absent, as in snapshots written before it").isEqualTo(1.0);
        assertThat(p.parameters().toMap()).doesNotContainKey(FeaturePipeline.TAIL_SCALE);
        FeaturePipeline tailed = p.withTailScale(1.7);
        assertThat(tailed.parameters().toMap()).containsEntry(FeaturePipeline.TAIL_SCALE, 1.7);
        assertThat(tailed.withCalibration(0.5, 1.2).tailScale()).isEqualTo(1.7);
        assertThat(p.withTailScale(40).tailScale()).isEqualTo(10.0);
        rejecting(tailed, FeaturePipeline.TAIL_SCALE, 0.1)
                .hasMessageContaining("normalisation.parameters.tailScale must be in [0.5, 10.0], got 0.1");
    }

    @Test
    void theCalendarIsOptionalAndSurvivesTheSmoothingAndCalibration() {
        FeaturePipeline p = Models.pipeline(1, false, DAY);
        assertThat(p.calendar()).isEqualTo(Calendar.CONTINUOUS);
        assertThat(p.parameters().toMap()).doesNotContainKey(FeaturePipeline.CALENDAR);
        FeaturePipeline weekdays = p.withCalendar(Calendar.WEEKDAYS);
        assertThat(weekdays.parameters().toMap()).containsEntry(FeaturePipeline.CALENDAR, 1.0);
        assertThat(weekdays.withSmoothing(ExponentialSmoothing.NAIVE, 0.15).withCalibration(0.5, 1.2).calendar())
                .isEqualTo(Calendar.WEEKDAYS);
        rejecting(weekdays, FeaturePipeline.CALENDAR, 3.0)
                .hasMessageStartingWith("normalisation.parameters.calendar: ");
    }

    @Test
    void theCorrectionDecayIsOptionalAndOffWhenAbsent() {
        FeaturePipeline p = Models.pipeline(1, false, DAY);
        assertThat(p.correctionDecay()).as("absent, as in snapshots written before it").isZero();
        assertThat(p.parameters().toMap()).doesNotContainKey(FeaturePipeline.CORRECTION_DECAY);
        SeriesState s = new SeriesState(48);
        p.setPendingCorrection(s, 2.0);
        p.adaptCorrection(s, -2.0, 1.0);
        assertThat(p.correctionWeight(s)).as("off: the correction as trained").isEqualTo(1.0);
        FeaturePipeline adapting = p.withCorrectionDecay(0.05);
        assertThat(adapting.withCalibration(0.5, 1.2).withCalendar(Calendar.WEEKDAYS).correctionDecay()).isEqualTo(0.05);
        rejecting(adapting, FeaturePipeline.CORRECTION_DECAY, 1.0)
                .hasMessageContaining("normalisation.parameters.correctionDecay must be in [0, 1), got 1.0");
    }

    @Test
    void aSeriesWeighsTheCorrectionByHowItDidOnItsOwnPoints() {
        FeaturePipeline p = Models.pipeline(1, false, DAY).withCorrectionDecay(0.05);
        SeriesState wrong = new SeriesState(48);
        SeriesState right = new SeriesState(48);
        SeriesState half = new SeriesState(48);
        assertThat(p.correctionWeight(wrong)).as("no evidence yet: as trained").isEqualTo(1.0);
        double previous = 1;
        for (int i = 0; i < 200; i++) {
            double c = i % 2 == 0 ? 1.5 : -0.5;
            learn(p, wrong, c, -c);
            learn(p, right, c, c);
            learn(p, half, c, c / 2);
            assertThat(p.correctionWeight(wrong)).as("falls with every wrong correction").isLessThan(previous);
            previous = p.correctionWeight(wrong);
        }
        assertThat(p.correctionWeight(wrong)).isCloseTo(0.0, within(1e-4));
        assertThat(p.correctionWeight(right)).isCloseTo(1.0, within(1e-12));
        assertThat(p.correctionWeight(half)).as("the least-squares weight").isCloseTo(0.5, within(1e-4));
        p.forgetCorrection(wrong);
        assertThat(p.correctionWeight(wrong)).as("another model's correction starts trusted").isEqualTo(1.0);
    }

    @Test
    void thePersistenceDecayIsOptionalAndOffWhenAbsent() {
        FeaturePipeline p = Models.pipeline(1, false, DAY);
        assertThat(p.persistenceDecay()).as("absent, as in snapshots written before it").isZero();
        assertThat(p.parameters().toMap()).doesNotContainKey(FeaturePipeline.PERSISTENCE_DECAY);
        SeriesState s = new SeriesState(48);
        for (int i = 0; i < 100; i++) {
            p.adaptPersistence(s, 1.0, 1.0, true);
        }
        assertThat(p.persistence(s)).as("off: no term").isZero();
        assertThat(p.persistentError(s, 1.0)).isZero();
        FeaturePipeline persisting = p.withPersistenceDecay(0.03);
        assertThat(persisting.parameters().toMap()).containsEntry(FeaturePipeline.PERSISTENCE_DECAY, 0.03);
        assertThat(persisting.withCalibration(0.5, 1.2).withCorrectionDecay(0.05).withFarAdaptation(0.1)
                .persistenceDecay()).isEqualTo(0.03);
        rejecting(persisting, FeaturePipeline.PERSISTENCE_DECAY, -0.1)
                .hasMessageContaining("normalisation.parameters.persistenceDecay must be in [0, 1), got -0.1");
    }

    @Test
    void theMedianShiftRateIsOptionalOffWhenAbsentAndSurvivesTheSnapshotMap() {
        FeaturePipeline p = Models.smoothedPipeline(1, DAY);
        assertThat(p.medianShiftRate()).as("absent, as in snapshots written before it").isZero();
        assertThat(p.parameters().toMap()).doesNotContainKey(FeaturePipeline.MEDIAN_SHIFT_RATE);
        SeriesState s = new SeriesState(48);
        p.adaptMedianShift(s, 5.0, 1.0);
        assertThat(p.medianShift(s)).as("off: no shift").isZero();
        FeaturePipeline shifting = p.withMedianShiftRate(0.01);
        assertThat(shifting.parameters().toMap()).containsEntry(FeaturePipeline.MEDIAN_SHIFT_RATE, 0.01);
        assertThat(shifting.withCalibration(0.5, 1.2).withPersistenceDecay(0.03).withHorizonShape(0.1, 0)
                .medianShiftRate()).isEqualTo(0.01);
        FeaturePipeline read = FeaturePipeline.of(PipelineParameters.fromMap(p.method(), shifting.parameters().toMap()),
                p.stepMillis(), p.periodsMillis(), new double[] {0}, new double[] {1});
        assertThat(read.medianShiftRate()).isEqualTo(0.01);
        rejecting(shifting, FeaturePipeline.MEDIAN_SHIFT_RATE, 1.0)
                .hasMessageContaining("normalisation.parameters.medianShiftRate must be in [0, 1), got 1.0");
    }

    @Test
    void theMedianShiftStepsByTheRateInScalesTowardsTheErrorAtFloatPrecision() {
        FeaturePipeline p = Models.smoothedPipeline(1, DAY).withMedianShiftRate(0.01);
        SeriesState s = new SeriesState(48);
        p.adaptMedianShift(s, 123.0, 3.0);
        assertThat(p.medianShift(s)).isEqualTo((double) (float) 0.03);
        p.adaptMedianShift(s, -0.001, 3.0);
        p.adaptMedianShift(s, -7.0, 3.0);
        assertThat(p.medianShift(s)).as("a sign step: the error's size does not count").isEqualTo(
                (double) (float) ((float) ((float) 0.03 - 0.03) - 0.03));
        double before = p.medianShift(s);
        p.adaptMedianShift(s, 0.0, 3.0);
        assertThat(p.medianShift(s)).as("an exact hit moves nothing").isEqualTo(before);
        p.forgetCorrection(s);
        assertThat(p.medianShift(s)).as("kept across a swap to a model that shifts too").isEqualTo(before);
        Models.smoothedPipeline(1, DAY).forgetCorrection(s);
        assertThat(p.medianShift(s)).as("forgotten by one that does not").isZero();
    }

    @Test
    void theHorizonCurvatureIsOptionalAndWithoutItTheFactorIsExactlyThePowerOfH() {
        FeaturePipeline p = Models.smoothedPipeline(1, DAY);
        assertThat(p.horizonCurvature()).as("absent, as in snapshots written before it").isZero();
        assertThat(p.parameters().toMap()).doesNotContainKey(FeaturePipeline.HORIZON_CURVATURE);
        for (int h = 1; h <= 24; h++) {
            assertThat(p.horizonFactor(h)).as("h = %d", h).isEqualTo(Math.pow(h, p.horizonExponent()));
        }
        FeaturePipeline bent = p.withHorizonShape(0.3, -0.1);
        double x = Math.log(12);
        assertThat(bent.horizonFactor(1)).isEqualTo(1.0);
        assertThat(bent.horizonFactor(12)).isCloseTo(Math.exp(0.3 * x - 0.1 * x * x), within(1e-12));
        assertThat(bent.withCalibration(0.5, 1.2).withTailScale(2).horizonCurvature()).isEqualTo(-0.1);
        Map<String, Double> map = bent.parameters().toMap();
        assertThat(map).containsEntry(FeaturePipeline.HORIZON_CURVATURE, -0.1);
        assertThat(PipelineParameters.fromMap(bent.method(), map)).isEqualTo(bent.parameters());
        assertThat(p.withHorizonExponent(0.2).horizonCurvature()).as("an exponent alone is a power of h").isZero();
        Map<String, Double> bad = new TreeMap<>(map);
        bad.put(FeaturePipeline.HORIZON_CURVATURE, 3.0);
        assertThatThrownBy(() -> PipelineParameters.fromMap(bent.method(), bad))
                .hasMessageContaining("horizonCurvature must be in [-2, 2], got 3.0");
    }

    @Test
    void theSmoothingClipIsOptionalRoundTripsAndBoundsThePersistenceEvidence() {
        FeaturePipeline p = Models.smoothedPipeline(1, DAY).withPersistenceDecay(0.03);
        assertThat(p.smoothing().clip()).as("absent, as in snapshots written before it").isZero();
        assertThat(p.parameters().toMap()).doesNotContainKey(FeaturePipeline.SMOOTHING_CLIP);
        FeaturePipeline robust = p.withSmoothing(p.smoothing().withClip(3), p.intervalAdaptation());
        Map<String, Double> map = robust.parameters().toMap();
        assertThat(map).containsEntry(FeaturePipeline.SMOOTHING_CLIP, 3.0);
        assertThat(PipelineParameters.fromMap(robust.method(), map)).isEqualTo(robust.parameters());
        Map<String, Double> bad = new TreeMap<>(map);
        bad.put(FeaturePipeline.SMOOTHING_CLIP, 0.5);
        assertThatThrownBy(() -> PipelineParameters.fromMap(robust.method(), bad))
                .hasMessageContaining("normalisation.parameters.smoothingClip must be 0 or in [1, 10], got 0.5");
        Map<String, Double> lastValue = new TreeMap<>(Models.pipeline(1, false, DAY).parameters().toMap());
        lastValue.put(FeaturePipeline.SMOOTHING_CLIP, 3.0);
        assertThatThrownBy(() -> PipelineParameters.fromMap(FeaturePipeline.METHOD, lastValue))
                .hasMessageContaining("unknown parameter 'smoothingClip' for method " + FeaturePipeline.METHOD);
        SeriesState plain = new SeriesState(48);
        SeriesState clipped = new SeriesState(48);
        p.adaptPersistence(plain, 100.0, 1.0, true);
        robust.adaptPersistence(clipped, 100.0, 1.0, true);
        assertThat(plain.statistics()[FeaturePipeline.PERSISTENCE_LAST_ERROR]).isEqualTo(100.0);
        assertThat(clipped.statistics()[FeaturePipeline.PERSISTENCE_LAST_ERROR])
                .as("an outlier counts in the persistence evidence as an error of the clip").isEqualTo(3.0);
    }

    @Test
    void aSpikeMovesTheLevelByTheClipTimesTheScaleBeforeIt() {
        ExponentialSmoothing level = new ExponentialSmoothing(0.3, 0, 1, new int[0], new double[0]).withClip(3);
        FeaturePipeline p = Models.pipeline(1, false, DAY).withSmoothing(level, 0.15);
        SeriesState s = new SeriesState(48);
        for (int i = 0; i < 40; i++) {
            observe(p, s, i * HOUR, 10 + (i % 5), 0);
        }
        double before = s.statistics()[FeaturePipeline.SMOOTH_LEVEL];
        double scale = p.scale(s);
        observe(p, s, 40 * HOUR, 10 + 50 * scale, 0);
        assertThat(s.statistics()[FeaturePipeline.SMOOTH_LEVEL]).as("alpha of 3 scales, the scale before the spike")
                .isCloseTo(before + 0.3 * 3 * scale, within(1e-9));
        assertThat(p.scale(s)).as("the spike itself still counts in the scale").isGreaterThan(2 * scale);
    }

    @Test
    void persistentErrorsEarnTheirAutocorrelationLessThreeStandardErrorsAndWhiteNoiseNothing() {
        FeaturePipeline p = Models.pipeline(1, false, DAY).withPersistenceDecay(0.03);
        java.util.SplittableRandom random = new java.util.SplittableRandom(7);
        SeriesState persistent = new SeriesState(48);
        SeriesState white = new SeriesState(48);
        double u = 0;
        for (int i = 0; i < 3000; i++) {
            u = 0.8 * u + gaussian(random);
            p.adaptPersistence(persistent, 2 * u, 2.0, true);
            p.adaptPersistence(white, gaussian(random), 1.0, true);
            if (i < 5) {
                assertThat(p.persistence(persistent)).as("too little evidence at point %s", i).isZero();
            }
        }
        // About 65 pairs of evidence: a standard error of 0.124, so the threshold is 0.37.
        double threshold = 3 / Math.sqrt((2 - 0.03) / 0.03);
        assertThat(p.persistence(persistent)).isCloseTo(0.8 - threshold, within(0.15));
        assertThat(p.persistence(white)).as("white noise stays within the threshold").isZero();
        double last = persistent.statistics()[FeaturePipeline.PERSISTENCE_LAST_ERROR];
        assertThat(p.persistentError(persistent, 2.0)).as("rho x the last error, in value units")
                .isEqualTo(p.persistence(persistent) * last * 2.0);
        p.forgetCorrection(persistent);
        assertThat(p.persistence(persistent)).as("another model leaves other errors").isZero();
    }

    @Test
    void aYoungSeriesThresholdCountsThePairsItsMeansEffectivelyAverage() {
        FeaturePipeline p = Models.pipeline(1, false, DAY).withPersistenceDecay(0.03);
        SeriesState s = new SeriesState(48);
        p.adaptPersistence(s, 1.0, 1.0, true);
        for (int pairs = 1; pairs <= 20; pairs++) {
            p.adaptPersistence(s, 1.0, 1.0, true);
            // Ten identical pairs are ten points of evidence: 3 / sqrt(10) = 0.95 leaves nothing of the capped 0.95.
            if (pairs == 10) {
                assertThat(p.persistence(s)).isZero();
            }
        }
        double e = 1 - Math.pow(0.97, 20);
        double effective = e * (2 - 0.03) / (0.03 * (2 - e));
        assertThat(effective).as("about the 20 pairs seen").isCloseTo(19.4, within(0.1));
        assertThat(p.persistence(s)).isCloseTo(0.95 - 3 / Math.sqrt(effective), within(1e-9));
    }

    @Test
    void onlyErrorsOneStepApartCountAndAGapForgetsTheLastError() {
        FeaturePipeline p = Models.pipeline(1, false, DAY).withPersistenceDecay(0.03);
        SeriesState s = new SeriesState(48);
        for (int i = 0; i < 200; i++) {
            p.adaptPersistence(s, 1.0, 1.0, true);
        }
        double[] before = s.statistics().clone();
        assertThat(p.persistentError(s, 1.0)).isPositive();
        p.adaptPersistence(s, -5.0, 1.0, false);
        assertThat(s.statistics()[FeaturePipeline.PERSISTENCE_PRODUCT]).as("the pair across the gap is skipped")
                .isEqualTo(before[FeaturePipeline.PERSISTENCE_PRODUCT]);
        assertThat(p.persistentError(s, 1.0)).as("no echo across a gap").isZero();
        p.adaptPersistence(s, 3.0, 1.0, true);
        assertThat(s.statistics()[FeaturePipeline.PERSISTENCE_SQUARE]).as("nor the pair after it")
                .isEqualTo(before[FeaturePipeline.PERSISTENCE_SQUARE]);
        long step = p.stepMillis();
        assertThat(p.consecutive(0, step)).isTrue();
        assertThat(p.consecutive(0, step + step / 3)).as("rounded as the smoothing counts steps").isTrue();
        assertThat(p.consecutive(0, 2 * step)).isFalse();
        FeaturePipeline daily = FeaturePipeline.of(PipelineParameters.initial(0.02, 0.05, 0.01, 8.0, 0.01, false)
                .withPersistenceDecay(0.03), DAY, new long[0], new double[0], new double[0]);
        assertThat(daily.withCalendar(Calendar.WEEKDAYS).consecutive(FRIDAY, FRIDAY + 3 * DAY))
                .as("Friday to Monday on the weekday calendar").isTrue();
        assertThat(daily.consecutive(FRIDAY, FRIDAY + 3 * DAY)).as("three days on every day's calendar").isFalse();
    }

    private static double gaussian(java.util.SplittableRandom random) {
        return Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
    }

    @Test
    void theFarFactorMovesWithCheckedFarForecastsAndIsOneAtHorizonOne() {
        FeaturePipeline p = Models.pipeline(1, false, DAY);
        assertThat(p.farAdaptation()).as("absent, as in snapshots written before it").isZero();
        assertThat(p.parameters().toMap()).doesNotContainKey(FeaturePipeline.FAR_ADAPTATION);
        FeaturePipeline adapting = p.withFarAdaptation(0.3);
        assertThat(adapting.parameters().toMap()).containsEntry(FeaturePipeline.FAR_ADAPTATION, 0.3);
        SeriesState s = new SeriesState(48);
        double lnFar = Math.log(12);
        assertThat(adapting.farMultiplier(s, lnFar, lnFar)).isEqualTo(1.0);
        adapting.adaptFar(s, false);
        assertThat(s.statistics()[FeaturePipeline.FAR_LOG_SCALE]).isCloseTo(0.3 * 0.8, within(1e-12));
        assertThat(adapting.farMultiplier(s, lnFar, lnFar)).isCloseTo(Math.exp(0.24), within(1e-12));
        assertThat(adapting.farMultiplier(s, 0, lnFar)).as("horizon 1").isEqualTo(1.0);
        adapting.adaptFar(s, true);
        assertThat(s.statistics()[FeaturePipeline.FAR_LOG_SCALE]).isCloseTo(0.24 - 0.3 * 0.2, within(1e-12));
        for (int i = 0; i < 100; i++) {
            adapting.adaptFar(s, false);
        }
        assertThat(s.statistics()[FeaturePipeline.FAR_LOG_SCALE]).as("bounded").isEqualTo(3.0);
    }

    @Test
    void theSeasonalFormRoundTripsAndIsTheLevelStartWhereASnapshotHasNone() {
        ExponentialSmoothing multiplicative = new ExponentialSmoothing(0.2, 0, 1, new int[] {12}, new double[] {0.4},
                ExponentialSmoothing.SeasonalForm.MULTIPLICATIVE);
        PipelineParameters written = Models.pipeline(1, false, DAY).withSmoothing(multiplicative, 0.1).parameters();
        Map<String, Double> map = written.toMap();
        assertThat(map).containsEntry(FeaturePipeline.SEASONAL_FORM, 2.0);
        assertThat(PipelineParameters.fromMap(FeaturePipeline.SMOOTHED_METHOD, map).smoothing())
                .isEqualTo(multiplicative);
        map.remove(FeaturePipeline.SEASONAL_FORM);
        PipelineParameters older = PipelineParameters.fromMap(FeaturePipeline.SMOOTHED_METHOD, map);
        assertThat(older.smoothing().form()).as("snapshots written before the setting keep their seasons' start")
                .isEqualTo(ExponentialSmoothing.SeasonalForm.ADDITIVE_FROM_LEVEL);
        assertThat(older.toMap()).as("and are written back as they were").isEqualTo(map);
        map.put(FeaturePipeline.SEASONAL_FORM, 5.0);
        assertThatThrownBy(() -> PipelineParameters.fromMap(FeaturePipeline.SMOOTHED_METHOD, map))
                .hasMessageContaining("seasonalForm");
    }

    /** A forecast carrying {@code correction} whose base forecast missed by {@code missed} (scale 2). */
    private static void learn(FeaturePipeline p, SeriesState s, double correction, double missed) {
        p.setPendingCorrection(s, 2 * correction);
        p.adaptCorrection(s, 2 * missed, 2.0);
    }

    @Test
    void layoutAndCountFollowThePeriodsLagsAndCovariates() {
        assertThat(FeaturePipeline.featureCount(2, true, 1)).isEqualTo(3 + 6 + 1);
        assertThat(FeaturePipeline.featureCount(0, false, 0)).isEqualTo(3);
        FeaturePipeline p = Models.pipeline(1, true, DAY);
        assertThat(p.featureCount()).isEqualTo(7);
        assertThat(p.requiredRingCapacity()).isEqualTo(24);
    }

    @Test
    void featuresOfAShortSeriesMatchTheirDefinitions() {
        FeaturePipeline p = Models.pipeline(1, true, DAY);
        SeriesState s = new SeriesState(48);
        s.ensureShape(0, 0, 1, 24);
        float[] f0 = observe(p, s, 6 * HOUR, 10, 4);
        assertThat(f0[0]).isZero();
        assertThat(f0[1]).isZero();
        assertThat(f0[2]).isZero();
        assertThat(f0[3]).isCloseTo(1f, within(1e-7f));
        assertThat(f0[4]).isCloseTo(0f, within(1e-7f));
        assertThat(f0[5]).as("no value a day before").isZero();
        assertThat(f0[6]).isEqualTo(2f);
        double firstScale = p.scale(s);
        assertThat(firstScale).isEqualTo(0.05 * 10);
        float[] f1 = observe(p, s, 8 * HOUR, 13, 0);
        assertThat(f1[0]).isEqualTo((float) (3 / firstScale));
        assertThat(f1[2]).isEqualTo((float) Math.log(2));
        assertThat(p.scale(s)).isEqualTo(3.0);
        double[] st = s.statistics();
        assertThat(st[FeaturePipeline.LEVEL_MEAN]).isCloseTo(10 + 3 / (0.98 + 1), within(1e-12));
        assertThat(p.target(13, 16, p.scale(s))).isEqualTo(1f);
        assertThat(p.target(13, 1000, p.scale(s))).as("clipped").isEqualTo(8f);
    }

    private static double wave(int i) {
        return 5 * Math.sin(2 * Math.PI * i / 24);
    }

    @Test
    void seasonalPhasesHaveStrictMathsBitsOnAndOffTheStepGrid() {
        // Hourly steps, a day and a week: tabulated; 20,000 hours: too long to tabulate, computed every time.
        long[] periods = {DAY, 7 * DAY, 20_000 * HOUR};
        FeaturePipeline p = Models.pipeline(0, false, periods);
        SeriesState s = new SeriesState(48);
        s.ensureShape(0, 0, 0, 1);
        long t = 1_700_000_000_000L / HOUR * HOUR;
        long[] times = {t, t + HOUR, t + 5 * HOUR + 1, t + 23 * HOUR, t + DAY - 1, t + 167 * HOUR, -3 * HOUR,
                -HOUR / 2, 0};
        for (long time : times) {
            float[] f = new float[p.featureCount()];
            p.update(s, time, 1.0, new double[0], f, 0);
            for (int q = 0; q < periods.length; q++) {
                double angle = 2 * Math.PI * Math.floorMod(time, periods[q]) / periods[q];
                assertThat(Float.floatToRawIntBits(f[3 + 2 * q])).as("sin, period %d at %d", q, time)
                        .isEqualTo(Float.floatToRawIntBits((float) StrictMath.sin(angle)));
                assertThat(Float.floatToRawIntBits(f[4 + 2 * q])).as("cos, period %d at %d", q, time)
                        .isEqualTo(Float.floatToRawIntBits((float) StrictMath.cos(angle)));
            }
        }
    }

    @Test
    void seasonalLagsAreLookedUpByExactTimestampInTheRing() {
        FeaturePipeline p = Models.pipeline(0, true, DAY);
        SeriesState s = new SeriesState(48);
        s.ensureShape(0, 0, 0, 24);
        for (int i = 0; i < 30; i++) {
            float[] f = observe(p, s, i * HOUR, wave(i));
            // Lag: the value 23 hours back (t + step - day), relative to now, in scale units.
            if (i >= 23) {
                assertThat(f[5]).isCloseTo((float) (((float) wave(i - 23) - wave(i)) / p.scale(s)), within(1e-5f));
            } else {
                assertThat(f[5]).isZero();
            }
        }
        float[] r = new float[p.featureCount()];
        p.rolloutFeatures(s, 30 * HOUR, 3.1, 1.0, 2.0, new double[0], r, 0);
        assertThat(r[0]).isEqualTo(1f);
        assertThat(r[2]).isZero();
        assertThat(r[5]).isCloseTo((float) (((float) wave(7) - 3.1) / 2.0), within(1e-5f));
        p.rolloutFeatures(s, 30 * HOUR, 300, 1.0, 0.1, new double[0], r, 0);
        assertThat(r[5]).as("clipped").isEqualTo(-8f);
    }

    @Test
    void rejectsBadParametersNamingThem() {
        FeaturePipeline p = Models.pipeline(0, false);
        Map<String, Double> params = new TreeMap<>(p.parameters().toMap());
        params.put("levelDecay", 1.5);
        assertThatThrownBy(() -> FeaturePipeline.of(PipelineParameters.fromMap(FeaturePipeline.METHOD, params), HOUR,
                new long[0], new double[0], new double[0])).hasMessageContaining("levelDecay");
        params.put("levelDecay", 0.1);
        params.put("bogus", 1.0);
        assertThatThrownBy(() -> FeaturePipeline.of(PipelineParameters.fromMap(FeaturePipeline.METHOD, params), HOUR,
                new long[0], new double[0], new double[0])).hasMessageContaining("unknown parameter 'bogus'");
        params.remove("bogus");
        assertThatThrownBy(() -> FeaturePipeline.of(PipelineParameters.fromMap(FeaturePipeline.METHOD, params), HOUR,
                new long[]{90 * 60_000L}, new double[0], new double[0]))
                .hasMessageContaining("seasonalPeriodsMillis[0]");
        assertThatThrownBy(() -> FeaturePipeline.of(PipelineParameters.fromMap("ewm-diff-v0", params), HOUR,
                new long[0], new double[0], new double[0])).hasMessageContaining("unknown method");
    }

    /**
     * The error of reading {@code valid}'s parameters back with {@code key} set to {@code value}, as a snapshot
     * carrying it would be read.
     */
    private static AbstractThrowableAssert<?, ? extends Throwable> rejecting(FeaturePipeline valid, String key,
                                                                             double value) {
        Map<String, Double> bad = new TreeMap<>(valid.parameters().toMap());
        bad.put(key, value);
        return assertThatThrownBy(() -> FeaturePipeline.of(PipelineParameters.fromMap(valid.method(), bad),
                valid.stepMillis(), valid.periodsMillis(), new double[] {0}, new double[] {1}));
    }
}
