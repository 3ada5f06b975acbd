package dev.nowcast.model.feature;

import static dev.nowcast.model.feature.FeaturePipeline.CALENDAR;
import static dev.nowcast.model.feature.FeaturePipeline.CORRECTION_DECAY;
import static dev.nowcast.model.feature.FeaturePipeline.ERROR_AR;
import static dev.nowcast.model.feature.FeaturePipeline.ERROR_AR_SCALE_DECAY;
import static dev.nowcast.model.feature.FeaturePipeline.FAR_ADAPTATION;
import static dev.nowcast.model.feature.FeaturePipeline.HORIZON_CURVATURE;
import static dev.nowcast.model.feature.FeaturePipeline.HORIZON_EXPONENT;
import static dev.nowcast.model.feature.FeaturePipeline.INPUT_CLIP;
import static dev.nowcast.model.feature.FeaturePipeline.INTERVAL_ADAPTATION;
import static dev.nowcast.model.feature.FeaturePipeline.LEVEL_DECAY;
import static dev.nowcast.model.feature.FeaturePipeline.MEAN_SCALE;
import static dev.nowcast.model.feature.FeaturePipeline.MEDIAN_SHIFT_RATE;
import static dev.nowcast.model.feature.FeaturePipeline.PERSISTENCE_DECAY;
import static dev.nowcast.model.feature.FeaturePipeline.SCALE_DECAY;
import static dev.nowcast.model.feature.FeaturePipeline.SCALE_FLOOR;
import static dev.nowcast.model.feature.FeaturePipeline.SEASON1_GAMMA;
import static dev.nowcast.model.feature.FeaturePipeline.SEASON1_STEPS;
import static dev.nowcast.model.feature.FeaturePipeline.SEASON2_GAMMA;
import static dev.nowcast.model.feature.FeaturePipeline.SEASON2_STEPS;
import static dev.nowcast.model.feature.FeaturePipeline.SEASONAL_FORM;
import static dev.nowcast.model.feature.FeaturePipeline.SEASONAL_LAGS;
import static dev.nowcast.model.feature.FeaturePipeline.SIGMA_FLOOR;
import static dev.nowcast.model.feature.FeaturePipeline.SMOOTHING_ALPHA;
import static dev.nowcast.model.feature.FeaturePipeline.SMOOTHING_BETA;
import static dev.nowcast.model.feature.FeaturePipeline.SMOOTHING_CLIP;
import static dev.nowcast.model.feature.FeaturePipeline.SMOOTHING_PHI;
import static dev.nowcast.model.feature.FeaturePipeline.STDDEV_SCALE;
import static dev.nowcast.model.feature.FeaturePipeline.TAIL_SCALE;
import static dev.nowcast.model.feature.FeaturePipeline.VALUE_AR;
import static dev.nowcast.model.feature.FeaturePipeline.VALUE_AR_LAG;
import static dev.nowcast.model.feature.FeaturePipeline.VALUE_AR_WEIGHT;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.IntStream;

/**
 * The feature pipeline's parameters, typed: what {@link FeaturePipeline} computes with. A snapshot stores them as
 * a map of names to numbers ({@link FeaturePipeline}'s constants); {@link #fromMap} and {@link #toMap} are that
 * boundary, and nothing else in the code builds or reads such a map. Every check names the snapshot field.
 *
 * @param smoothing          the base forecast's smoothing under {@value FeaturePipeline#SMOOTHED_METHOD}; null
 *                           under {@value FeaturePipeline#METHOD} (the last value)
 * @param intervalAdaptation step of each series' interval adaptation (0 without smoothing)
 * @param horizonExponent    with {@code horizonCurvature} c, the h-step stddev's factor
 *                           {@code exp(horizonExponent ln h + c (ln h)^2)} (both 0 without smoothing)
 * @param horizonCurvature   0 (a power of h) in snapshots written before it
 * @param tailScale          multiplier of the anomaly bounds (1 in snapshots written before it)
 * @param calendar           the forecasts' target times (continuous in snapshots written before it)
 * @param correctionDecay    decay of each series' weight of the network's correction (0, off, before it)
 * @param farAdaptation      step of each series' adaptation of its far intervals (0, off, before it)
 * @param persistenceDecay   decay of each series' estimate of its errors' persistence (0, off, before it)
 * @param medianShiftRate    step of each series' median shift, in its scales (0, off, before it)
 * @param errorAutoregression the autoregression of the base forecast's errors ({@link ErrorAutoregression#NONE},
 *                           off, before it)
 * @param valueAutoregression the autoregression of the values mixed into the forecasts
 *                           ({@link ValueAutoregression#NONE}, off, before it)
 */
public record PipelineParameters(double levelDecay, double scaleDecay, double scaleFloor, double inputClip,
                                 double stddevScale, double meanScale, double sigmaFloor, boolean seasonalLags,
                                 ExponentialSmoothing smoothing, double intervalAdaptation, double horizonExponent,
                                 double horizonCurvature, double tailScale, Calendar calendar, double correctionDecay,
                                 double farAdaptation, double persistenceDecay, double medianShiftRate,
                                 ErrorAutoregression errorAutoregression, ValueAutoregression valueAutoregression) {

    static final double MIN_TAIL_SCALE = 0.5;
    static final double MAX_TAIL_SCALE = 10;
    private static final Set<String> NAMES = Set.of(LEVEL_DECAY, SCALE_DECAY, SCALE_FLOOR, INPUT_CLIP, STDDEV_SCALE,
            MEAN_SCALE, SIGMA_FLOOR, SEASONAL_LAGS);
    private static final Set<String> SMOOTHING_NAMES = Set.of(SMOOTHING_ALPHA, SMOOTHING_BETA, SMOOTHING_PHI,
            SEASON1_STEPS, SEASON1_GAMMA, SEASON2_STEPS, SEASON2_GAMMA, INTERVAL_ADAPTATION, HORIZON_EXPONENT);
    /** Parameters a snapshot may leave out, each with a default that keeps older snapshots' meaning. */
    private static final Set<String> OPTIONAL_NAMES = Set.of(TAIL_SCALE, CALENDAR, CORRECTION_DECAY, FAR_ADAPTATION,
            SEASONAL_FORM, PERSISTENCE_DECAY, MEDIAN_SHIFT_RATE, ERROR_AR_SCALE_DECAY, VALUE_AR_WEIGHT, VALUE_AR_LAG);
    /** Optional parameters of a smoothed base forecast only. */
    private static final Set<String> OPTIONAL_SMOOTHING_NAMES = Set.of(HORIZON_CURVATURE, SMOOTHING_CLIP);
    /** {@code errorAr1} to {@code errorAr16}, optional: the coefficients of the error autoregression. */
    private static final List<String> AR_NAMES = IntStream.rangeClosed(1, ErrorAutoregression.MAX_ORDER)
            .mapToObj(i -> ERROR_AR + i).toList();
    /** {@code valueAr1} to {@code valueAr8}, optional: the coefficients of the value autoregression. */
    private static final List<String> VALUE_AR_NAMES = IntStream.rangeClosed(1, ValueAutoregression.MAX_ORDER)
            .mapToObj(i -> VALUE_AR + i).toList();

    public PipelineParameters {
        requireRange(LEVEL_DECAY, levelDecay);
        requireRange(SCALE_DECAY, scaleDecay);
        requirePositive(SCALE_FLOOR, scaleFloor);
        requirePositive(INPUT_CLIP, inputClip);
        requirePositive(STDDEV_SCALE, stddevScale);
        requirePositive(SIGMA_FLOOR, sigmaFloor);
        require(meanScale >= 0 && meanScale <= 2, MEAN_SCALE + " must be in [0, 2], got " + meanScale);
        require(tailScale >= MIN_TAIL_SCALE && tailScale <= MAX_TAIL_SCALE, TAIL_SCALE + " must be in ["
                + MIN_TAIL_SCALE + ", " + MAX_TAIL_SCALE + "], got " + tailScale);
        require(correctionDecay >= 0 && correctionDecay < 1, CORRECTION_DECAY + " must be in [0, 1), got "
                + correctionDecay);
        require(persistenceDecay >= 0 && persistenceDecay < 1, PERSISTENCE_DECAY + " must be in [0, 1), got "
                + persistenceDecay);
        require(medianShiftRate >= 0 && medianShiftRate < 1, MEDIAN_SHIFT_RATE + " must be in [0, 1), got "
                + medianShiftRate);
        require(calendar != null, CALENDAR + " is missing");
        require(errorAutoregression != null, ERROR_AR + " is missing");
        require(valueAutoregression != null, VALUE_AR + " is missing");
        require(farAdaptation >= 0 && farAdaptation <= 1, FAR_ADAPTATION + " must be in [0, 1], got " + farAdaptation);
        require(intervalAdaptation >= 0 && intervalAdaptation <= 1, INTERVAL_ADAPTATION + " must be in [0, 1], got "
                + intervalAdaptation);
        require(horizonExponent >= -2 && horizonExponent <= 2, HORIZON_EXPONENT + " must be in [-2, 2], got "
                + horizonExponent);
        require(horizonCurvature >= -2 && horizonCurvature <= 2, HORIZON_CURVATURE + " must be in [-2, 2], got "
                + horizonCurvature);
        require(smoothing != null || intervalAdaptation == 0 && horizonExponent == 0 && horizonCurvature == 0,
                INTERVAL_ADAPTATION + ", " + HORIZON_EXPONENT + " and " + HORIZON_CURVATURE
                        + " need a smoothed base forecast");
    }

    /**
     * The parameters a trainer starts from: last-value base forecast, no calibration yet (both multipliers 1),
     * nothing optional.
     */
    public static PipelineParameters initial(double levelDecay, double scaleDecay, double scaleFloor, double inputClip,
                                             double sigmaFloor, boolean seasonalLags) {
        return new PipelineParameters(levelDecay, scaleDecay, scaleFloor, inputClip, 1.0, 1.0, sigmaFloor,
                seasonalLags, null, 0, 0, 0, 1.0, Calendar.CONTINUOUS, 0, 0, 0, 0, ErrorAutoregression.NONE,
                ValueAutoregression.NONE);
    }

    /**
     * Reads a snapshot's normalisation: {@code method} is {@value FeaturePipeline#METHOD} or
     * {@value FeaturePipeline#SMOOTHED_METHOD}, {@code p} holds exactly the names it takes, optional ones aside.
     *
     * @throws IllegalArgumentException naming the offending field
     */
    public static PipelineParameters fromMap(String method, Map<String, Double> p) {
        require(FeaturePipeline.METHOD.equals(method) || FeaturePipeline.SMOOTHED_METHOD.equals(method), null,
                "normalisation.method: unknown method '" + method + "', expected " + FeaturePipeline.METHOD + " or "
                        + FeaturePipeline.SMOOTHED_METHOD);
        boolean smoothed = FeaturePipeline.SMOOTHED_METHOD.equals(method);
        Set<String> names = new HashSet<>(NAMES);
        if (smoothed) {
            names.addAll(SMOOTHING_NAMES);
        }
        for (String name : p.keySet()) {
            require(names.contains(name) || OPTIONAL_NAMES.contains(name) || AR_NAMES.contains(name)
                    || VALUE_AR_NAMES.contains(name)
                    || smoothed && OPTIONAL_SMOOTHING_NAMES.contains(name), null,
                    "normalisation.parameters: unknown parameter '" + name + "' for method " + method);
        }
        for (String name : names) {
            Double v = p.get(name);
            require(v != null && Double.isFinite(v), name + ": missing or not finite: " + v);
        }
        double lags = p.get(SEASONAL_LAGS);
        require(lags == 0 || lags == 1, SEASONAL_LAGS + " must be 0 or 1, got " + lags);
        return new PipelineParameters(p.get(LEVEL_DECAY), p.get(SCALE_DECAY), p.get(SCALE_FLOOR), p.get(INPUT_CLIP),
                p.get(STDDEV_SCALE), p.get(MEAN_SCALE), p.get(SIGMA_FLOOR), lags == 1,
                smoothed ? smoothing(p) : null, smoothed ? p.get(INTERVAL_ADAPTATION) : 0,
                smoothed ? p.get(HORIZON_EXPONENT) : 0, smoothed ? p.getOrDefault(HORIZON_CURVATURE, 0.0) : 0,
                p.getOrDefault(TAIL_SCALE, 1.0),
                calendar(p.getOrDefault(CALENDAR, 0.0)), p.getOrDefault(CORRECTION_DECAY, 0.0),
                p.getOrDefault(FAR_ADAPTATION, 0.0), p.getOrDefault(PERSISTENCE_DECAY, 0.0),
                p.getOrDefault(MEDIAN_SHIFT_RATE, 0.0), errorAutoregression(p),
                valueAutoregression(p));
    }

    /** The snapshot's map, in name order; optional parameters at their default are left out. */
    public Map<String, Double> toMap() {
        Map<String, Double> m = new TreeMap<>();
        m.put(LEVEL_DECAY, levelDecay);
        m.put(SCALE_DECAY, scaleDecay);
        m.put(SCALE_FLOOR, scaleFloor);
        m.put(INPUT_CLIP, inputClip);
        m.put(STDDEV_SCALE, stddevScale);
        m.put(MEAN_SCALE, meanScale);
        m.put(SIGMA_FLOOR, sigmaFloor);
        m.put(SEASONAL_LAGS, seasonalLags ? 1.0 : 0.0);
        if (tailScale != 1.0) {
            m.put(TAIL_SCALE, tailScale);
        }
        if (calendar != Calendar.CONTINUOUS) {
            m.put(CALENDAR, calendar.code());
        }
        if (correctionDecay != 0) {
            m.put(CORRECTION_DECAY, correctionDecay);
        }
        if (farAdaptation != 0) {
            m.put(FAR_ADAPTATION, farAdaptation);
        }
        if (persistenceDecay != 0) {
            m.put(PERSISTENCE_DECAY, persistenceDecay);
        }
        if (medianShiftRate != 0) {
            m.put(MEDIAN_SHIFT_RATE, medianShiftRate);
        }
        double[] ar = errorAutoregression.coefficients();
        for (int i = 0; i < ar.length; i++) {
            m.put(ERROR_AR + (i + 1), ar[i]);
        }
        if (errorAutoregression.scaleDecay() != 0) {
            m.put(ERROR_AR_SCALE_DECAY, errorAutoregression.scaleDecay());
        }
        if (valueAutoregression.on()) {
            m.put(VALUE_AR_WEIGHT, valueAutoregression.weight());
            m.put(VALUE_AR_LAG, (double) valueAutoregression.lag());
            double[] v = valueAutoregression.coefficients();
            for (int i = 0; i < v.length; i++) {
                m.put(VALUE_AR + (i + 1), v[i]);
            }
        }
        if (smoothing != null) {
            m.put(SMOOTHING_ALPHA, smoothing.alpha());
            m.put(SMOOTHING_BETA, smoothing.beta());
            m.put(SMOOTHING_PHI, smoothing.phi());
            int[] seasons = smoothing.seasons();
            double[] gammas = smoothing.gammas();
            m.put(SEASON1_STEPS, seasons.length > 0 ? seasons[0] : 0.0);
            m.put(SEASON1_GAMMA, gammas.length > 0 ? gammas[0] : 1.0);
            m.put(SEASON2_STEPS, seasons.length > 1 ? seasons[1] : 0.0);
            m.put(SEASON2_GAMMA, gammas.length > 1 ? gammas[1] : 1.0);
            if (seasons.length > 0 && smoothing.form() != ExponentialSmoothing.SeasonalForm.ADDITIVE_FROM_LEVEL) {
                m.put(SEASONAL_FORM, smoothing.form().code());
            }
            if (smoothing.clip() != 0) {
                m.put(SMOOTHING_CLIP, smoothing.clip());
            }
            m.put(INTERVAL_ADAPTATION, intervalAdaptation);
            m.put(HORIZON_EXPONENT, horizonExponent);
            if (horizonCurvature != 0) {
                m.put(HORIZON_CURVATURE, horizonCurvature);
            }
        }
        return m;
    }

    /** With other calibration multipliers of the mean change and the stddev. */
    public PipelineParameters withCalibration(double meanScale, double stddevScale) {
        return new PipelineParameters(levelDecay, scaleDecay, scaleFloor, inputClip, stddevScale, meanScale,
                sigmaFloor, seasonalLags, smoothing, intervalAdaptation, horizonExponent, horizonCurvature, tailScale,
                calendar, correctionDecay, farAdaptation, persistenceDecay, medianShiftRate, errorAutoregression,
                valueAutoregression);
    }

    /** With a smoothed base forecast and its interval adaptation; the horizon exponent and curvature restart at 0. */
    public PipelineParameters withSmoothing(ExponentialSmoothing e, double adaptation) {
        return new PipelineParameters(levelDecay, scaleDecay, scaleFloor, inputClip, stddevScale, meanScale,
                sigmaFloor, seasonalLags, e, adaptation, 0, 0, tailScale, calendar, correctionDecay, farAdaptation,
                persistenceDecay, medianShiftRate, errorAutoregression,
                valueAutoregression);
    }

    /** With the h-step stddev's factor {@code exp(exponent ln h + curvature (ln h)^2)}. */
    public PipelineParameters withHorizonShape(double exponent, double curvature) {
        return new PipelineParameters(levelDecay, scaleDecay, scaleFloor, inputClip, stddevScale, meanScale,
                sigmaFloor, seasonalLags, smoothing, intervalAdaptation, exponent, curvature, tailScale, calendar,
                correctionDecay, farAdaptation, persistenceDecay, medianShiftRate, errorAutoregression,
                valueAutoregression);
    }

    public PipelineParameters withTailScale(double scale) {
        return new PipelineParameters(levelDecay, scaleDecay, scaleFloor, inputClip, stddevScale, meanScale,
                sigmaFloor, seasonalLags, smoothing, intervalAdaptation, horizonExponent, horizonCurvature, scale,
                calendar, correctionDecay, farAdaptation, persistenceDecay, medianShiftRate, errorAutoregression,
                valueAutoregression);
    }

    public PipelineParameters withCalendar(Calendar c) {
        return new PipelineParameters(levelDecay, scaleDecay, scaleFloor, inputClip, stddevScale, meanScale,
                sigmaFloor, seasonalLags, smoothing, intervalAdaptation, horizonExponent, horizonCurvature, tailScale,
                c, correctionDecay, farAdaptation, persistenceDecay, medianShiftRate, errorAutoregression,
                valueAutoregression);
    }

    public PipelineParameters withCorrectionDecay(double decay) {
        return new PipelineParameters(levelDecay, scaleDecay, scaleFloor, inputClip, stddevScale, meanScale,
                sigmaFloor, seasonalLags, smoothing, intervalAdaptation, horizonExponent, horizonCurvature, tailScale,
                calendar, decay, farAdaptation, persistenceDecay, medianShiftRate, errorAutoregression,
                valueAutoregression);
    }

    public PipelineParameters withFarAdaptation(double step) {
        return new PipelineParameters(levelDecay, scaleDecay, scaleFloor, inputClip, stddevScale, meanScale,
                sigmaFloor, seasonalLags, smoothing, intervalAdaptation, horizonExponent, horizonCurvature, tailScale,
                calendar, correctionDecay, step, persistenceDecay, medianShiftRate, errorAutoregression,
                valueAutoregression);
    }

    public PipelineParameters withPersistenceDecay(double decay) {
        return new PipelineParameters(levelDecay, scaleDecay, scaleFloor, inputClip, stddevScale, meanScale,
                sigmaFloor, seasonalLags, smoothing, intervalAdaptation, horizonExponent, horizonCurvature, tailScale,
                calendar, correctionDecay, farAdaptation, decay, medianShiftRate, errorAutoregression, valueAutoregression);
    }

    public PipelineParameters withMedianShiftRate(double rate) {
        return new PipelineParameters(levelDecay, scaleDecay, scaleFloor, inputClip, stddevScale, meanScale,
                sigmaFloor, seasonalLags, smoothing, intervalAdaptation, horizonExponent, horizonCurvature, tailScale,
                calendar, correctionDecay, farAdaptation, persistenceDecay, rate, errorAutoregression,
                valueAutoregression);
    }

    public PipelineParameters withErrorAutoregression(ErrorAutoregression ar) {
        return new PipelineParameters(levelDecay, scaleDecay, scaleFloor, inputClip, stddevScale, meanScale,
                sigmaFloor, seasonalLags, smoothing, intervalAdaptation, horizonExponent, horizonCurvature, tailScale,
                calendar, correctionDecay, farAdaptation, persistenceDecay, medianShiftRate, ar, valueAutoregression);
    }

    public PipelineParameters withValueAutoregression(ValueAutoregression ar) {
        return new PipelineParameters(levelDecay, scaleDecay, scaleFloor, inputClip, stddevScale, meanScale,
                sigmaFloor, seasonalLags, smoothing, intervalAdaptation, horizonExponent, horizonCurvature, tailScale,
                calendar, correctionDecay, farAdaptation, persistenceDecay, medianShiftRate, errorAutoregression, ar);
    }

    /** The coefficients {@code errorAr1..errorArP} of the map, which must be numbered from 1 without holes. */
    private static ErrorAutoregression errorAutoregression(Map<String, Double> p) {
        double[] a = coefficients(p, AR_NAMES);
        int order = a.length;
        double decay = p.getOrDefault(ERROR_AR_SCALE_DECAY, 0.0);
        require(decay == 0 || order > 0, ERROR_AR_SCALE_DECAY + " without " + AR_NAMES.get(0));
        return new ErrorAutoregression(a, decay);
    }

    /**
     * The value autoregression of the map: none without {@code valueArWeight}; with it, {@code valueArLag} (a whole
     * number) and the coefficients numbered from 1 without holes.
     */
    private static ValueAutoregression valueAutoregression(Map<String, Double> p) {
        double[] a = coefficients(p, VALUE_AR_NAMES);
        Double weight = p.get(VALUE_AR_WEIGHT);
        Double lag = p.get(VALUE_AR_LAG);
        if (weight == null) {
            require(lag == null && a.length == 0, VALUE_AR_LAG + " and " + VALUE_AR + "1.. need " + VALUE_AR_WEIGHT);
            return ValueAutoregression.NONE;
        }
        require(lag != null, VALUE_AR_LAG + " is missing beside " + VALUE_AR_WEIGHT);
        // Absent means none; a weight of 0 written out would read back as a different, unused autoregression.
        require(weight > 0, VALUE_AR_WEIGHT + " must be in (0, 1) when present, got " + weight);
        require(lag == Math.rint(lag) && lag >= 0 && lag <= ExponentialSmoothing.MAX_SEASON_STEPS, VALUE_AR_LAG
                + " must be a whole number in [0, " + ExponentialSmoothing.MAX_SEASON_STEPS + "], got " + lag);
        return new ValueAutoregression(lag.intValue(), a, weight);
    }

    /** The coefficients named {@code names[0..p)} in the map, which must be numbered from 1 without holes. */
    private static double[] coefficients(Map<String, Double> p, List<String> names) {
        int order = 0;
        while (order < names.size() && p.containsKey(names.get(order))) {
            order++;
        }
        for (int i = order; i < names.size(); i++) {
            require(!p.containsKey(names.get(i)), names.get(i) + " without " + names.get(order));
        }
        double[] a = new double[order];
        for (int i = 0; i < order; i++) {
            a[i] = p.get(names.get(i));
        }
        return a;
    }

    /** The smoothing named by the map (validated by its constructor; a season of 0 steps is none). */
    private static ExponentialSmoothing smoothing(Map<String, Double> p) {
        int count = (p.get(SEASON1_STEPS) > 0 ? 1 : 0) + (p.get(SEASON2_STEPS) > 0 ? 1 : 0);
        int[] seasons = new int[count];
        double[] gammas = new double[count];
        int j = 0;
        for (String[] season : new String[][] {{SEASON1_STEPS, SEASON1_GAMMA}, {SEASON2_STEPS, SEASON2_GAMMA}}) {
            double steps = p.get(season[0]);
            require(steps == Math.rint(steps) && steps >= 0, season[0] + " must be a whole number >= 0, got " + steps);
            if (steps > 0) {
                seasons[j] = (int) steps;
                gammas[j++] = p.get(season[1]);
            }
        }
        return new ExponentialSmoothing(p.get(SMOOTHING_ALPHA), p.get(SMOOTHING_BETA), p.get(SMOOTHING_PHI),
                seasons, gammas, ExponentialSmoothing.SeasonalForm.of(p.getOrDefault(SEASONAL_FORM, 0.0)),
                p.getOrDefault(SMOOTHING_CLIP, 0.0));
    }

    private static Calendar calendar(double code) {
        try {
            return Calendar.of(code);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("normalisation.parameters." + CALENDAR + ": " + e.getMessage(), e);
        }
    }

    private static void requireRange(String name, double v) {
        require(v > 0 && v <= 1, name + " must be in (0.0, 1.0], got " + v);
    }

    private static void requirePositive(String name, double v) {
        require(v > 0, name + " must be > 0, got " + v);
    }

    /** A failed check, named as the snapshot's field {@code normalisation.parameters.<message>}. */
    private static void require(boolean ok, String message) {
        require(ok, "normalisation.parameters.", message);
    }

    private static void require(boolean ok, String prefix, String message) {
        if (!ok) {
            throw new IllegalArgumentException((prefix == null ? "" : prefix) + message);
        }
    }
}
