package dev.nowcast.model.train;

/** Learning rate as a function of the optimiser step. */
@FunctionalInterface
public interface LearningRateSchedule {
    /** The rate for step {@code step} (0-based) of {@code totalSteps}. */
    double rate(long step, long totalSteps);

    /**
     * Linear warm-up from {@code peak/warmupSteps} to {@code peak} over {@code warmupSteps} steps, then cosine
     * decay to {@code floor} at {@code totalSteps}: warm-up keeps Adam's first, poorly estimated steps small;
     * the cosine tail settles the weights.
     */
    static LearningRateSchedule warmupCosine(double peak, double floor, long warmupSteps) {
        if (!(peak > 0) || floor < 0 || floor > peak || warmupSteps < 0) {
            throw new IllegalArgumentException("need peak > 0, 0 <= floor <= peak, warmup >= 0; got " + peak + ", "
                    + floor + ", " + warmupSteps);
        }
        return (step, total) -> {
            if (step < warmupSteps) {
                return peak * (step + 1) / warmupSteps;
            }
            double progress = Math.min(1, (double) (step - warmupSteps) / Math.max(1, total - warmupSteps));
            return floor + 0.5 * (peak - floor) * (1 + Math.cos(Math.PI * progress));
        };
    }
}
