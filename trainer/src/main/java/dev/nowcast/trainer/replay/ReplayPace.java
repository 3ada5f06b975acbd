package dev.nowcast.trainer.replay;

/**
 * How fast a replay produces: as fast as possible, at an event-time acceleration ({@code speed} 3600 replays an
 * hour of event time per second of wall time), or at a fixed number of records per second. A replay that falls
 * behind its pace (a slow broker) does not make up for it in a burst: it carries on from where it is.
 *
 * @param speed event-time seconds per wall-clock second, or 0
 * @param rate  records per wall-clock second, or 0
 */
public record ReplayPace(double speed, double rate) {
    public ReplayPace {
        if (!(speed >= 0 && rate >= 0 && Double.isFinite(speed) && Double.isFinite(rate))) {
            throw new IllegalArgumentException("speed and rate must be finite and >= 0, got " + speed + ", " + rate);
        }
        if (speed > 0 && rate > 0) {
            throw new IllegalArgumentException("give a speed or a rate, not both");
        }
    }

    /** No pacing: as fast as the producer accepts records. */
    public static ReplayPace asFastAsPossible() {
        return new ReplayPace(0, 0);
    }

    /** Event time runs {@code factor} times faster than wall time. */
    public static ReplayPace speed(double factor) {
        if (!(factor > 0)) {
            throw new IllegalArgumentException("speed must be > 0, got " + factor);
        }
        return new ReplayPace(factor, 0);
    }

    /** {@code recordsPerSecond} records per second. */
    public static ReplayPace rate(double recordsPerSecond) {
        if (!(recordsPerSecond > 0)) {
            throw new IllegalArgumentException("rate must be > 0, got " + recordsPerSecond);
        }
        return new ReplayPace(0, recordsPerSecond);
    }

    /**
     * Wall-clock nanoseconds after the start at which record {@code index} (0-based) with event time
     * {@code eventTime} is due, given the first record's event time; 0 when unpaced.
     */
    long dueNanos(long index, long eventTime, long firstEventTime) {
        if (speed > 0) {
            return (long) ((eventTime - firstEventTime) * 1e6 / speed);
        }
        if (rate > 0) {
            return (long) (index * 1e9 / rate);
        }
        return 0;
    }

    @Override
    public String toString() {
        return speed > 0 ? "speed x" + speed : rate > 0 ? rate + " records/s" : "as fast as possible";
    }
}
