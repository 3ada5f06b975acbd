package dev.nowcast.trainer.replay;

/**
 * How a replay ended.
 *
 * @param progress the final counts (every sent record acknowledged, since the replay flushes before it ends)
 * @param stopped  true when {@link Replay#stop()} ended it before the last record
 */
public record ReplayResult(ReplayProgress progress, boolean stopped) {
}
