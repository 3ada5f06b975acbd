package dev.nowcast.trainer.replay;

/**
 * Where a replay stands.
 *
 * @param sent          records handed to the producer
 * @param acknowledged  records the broker acknowledged
 * @param total         records to replay
 * @param eventTime     event time of the last record sent (epoch ms), or {@link Long#MIN_VALUE} before the first
 * @param elapsedMillis wall time since the replay started
 */
public record ReplayProgress(long sent, long acknowledged, long total, long eventTime, long elapsedMillis) {
    /** Records sent per second of wall time so far. */
    public double recordsPerSecond() {
        return elapsedMillis == 0 ? 0 : sent * 1000.0 / elapsedMillis;
    }

    /** Share of the records sent, in [0, 1]. */
    public double fraction() {
        return total == 0 ? 1 : (double) sent / total;
    }
}
