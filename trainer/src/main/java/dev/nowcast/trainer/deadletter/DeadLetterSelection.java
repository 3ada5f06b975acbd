package dev.nowcast.trainer.deadletter;

import java.time.Instant;
import java.util.Set;

import dev.nowcast.avro.DeadLetter;
import dev.nowcast.avro.DeadLetterReason;

/**
 * Which dead letters a listing or a replay takes: by reason, by when they were rejected, by source topic, at most
 * {@code limit} (the oldest first).
 *
 * @param reasons     reasons to take; empty for every reason
 * @param since       rejected at or after this time, or null
 * @param until       rejected before this time, or null
 * @param sourceTopic the topic the rejected records came from, or null for any
 * @param limit       at most this many (>= 1)
 */
public record DeadLetterSelection(Set<DeadLetterReason> reasons, Instant since, Instant until, String sourceTopic,
                                  int limit) {

    public DeadLetterSelection {
        reasons = Set.copyOf(reasons);
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be >= 1, got " + limit);
        }
        if (since != null && until != null && !since.isBefore(until)) {
            throw new IllegalArgumentException("since (" + since + ") must be before until (" + until + ")");
        }
    }

    boolean matches(DeadLetter letter) {
        return (reasons.isEmpty() || reasons.contains(letter.getReason()))
                && (since == null || !letter.getFailedAt().isBefore(since))
                && (until == null || letter.getFailedAt().isBefore(until))
                && (sourceTopic == null || sourceTopic.equals(letter.getSourceTopic()));
    }
}
