package dev.nowcast.model.train;

/**
 * What held-out points said about each series' median shift ({@code medianShiftRate}), as the trainer job checked
 * it: the one-step MAE without the shift and with it at {@code rate}, on the trainer's validation part and on the
 * job's held-out part after it. The shift is kept where it lowers the MAE on both: it is one setting, not a fit, and
 * every value it takes at a point comes from the errors before that point, so the forecasts with it are as out of
 * sample as those without, and a gain in two periods is not one period's luck. Kept where it lowered the MAE on the
 * two parts together, it lost on the scored part of 10 of the 20 suite sets it was kept on; kept where it lowered it
 * on each, on 4 of 12 (docs/benchmarks.md, step 28).
 *
 * @param rate       the step compared (0: not checked)
 * @param validation the trainer's validation part
 * @param heldOut    the job's held-out part
 */
public record MedianShiftEvidence(double rate, Part validation, Part heldOut) {
    /** No check: the base forecast is the last value, or the shift is configured off. */
    public static final MedianShiftEvidence NONE = new MedianShiftEvidence(0, Part.NONE, Part.NONE);

    /** One part's one-step forecasts: how many, and their MAE without the shift and with it. */
    public record Part(int points, double withoutMae, double withMae) {
        static final Part NONE = new Part(0, Double.NaN, Double.NaN);

        /** Whether the shift lowered the MAE here (never on no points). */
        public boolean lowered() {
            return withMae < withoutMae;
        }

        /** The relative gain of the shifted forecasts, {@code 1 - withMae / withoutMae}. */
        public double gain() {
            return withoutMae > 0 ? 1 - withMae / withoutMae : 0;
        }
    }

    /**
     * The evidence of forecasts {@code with} the shift at {@code rate} against those {@code without} it, each point on
     * the held-out part where {@code late} is 1 and on the validation part where it is 0.
     */
    public static MedianShiftEvidence of(double rate, double[] actual, double[] without, double[] with, double[] late) {
        return new MedianShiftEvidence(rate, part(actual, without, with, late, 0), part(actual, without, with, late, 1));
    }

    private static Part part(double[] actual, double[] without, double[] with, double[] late, double which) {
        int n = 0;
        double sumWithout = 0;
        double sumWith = 0;
        for (int i = 0; i < actual.length; i++) {
            if (late[i] == which) {
                n++;
                sumWithout += Math.abs(actual[i] - without[i]);
                sumWith += Math.abs(actual[i] - with[i]);
            }
        }
        return n == 0 ? Part.NONE : new Part(n, sumWithout / n, sumWith / n);
    }

    /** Whether the shift is kept: it lowered the MAE on the validation part and on the held-out part. */
    public boolean kept() {
        return validation.lowered() && heldOut.lowered();
    }

    /** Whether the shift was tried: a rate was checked, on the points there were (perhaps none). */
    public boolean checked() {
        return rate > 0;
    }
}
