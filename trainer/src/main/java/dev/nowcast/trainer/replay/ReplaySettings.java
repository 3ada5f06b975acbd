package dev.nowcast.trainer.replay;

import java.time.Duration;
import java.util.Objects;

/**
 * What a replay writes where, and how fast.
 *
 * @param topic            the observation topic
 * @param pace             how fast
 * @param progressInterval how often the progress listener hears from the replay
 */
public record ReplaySettings(String topic, ReplayPace pace, Duration progressInterval) {
    public ReplaySettings {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(pace, "pace");
        if (progressInterval.isNegative() || progressInterval.isZero()) {
            throw new IllegalArgumentException("progress interval must be positive, got " + progressInterval);
        }
    }

    /** Replays into {@code topic} at {@code pace}, reporting progress every 5 seconds. */
    public static ReplaySettings of(String topic, ReplayPace pace) {
        return new ReplaySettings(topic, pace, Duration.ofSeconds(5));
    }
}
