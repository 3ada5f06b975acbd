package dev.nowcast.trainer.publish;

import java.util.List;
import java.util.Map;

import org.apache.kafka.common.TopicPartition;

import dev.nowcast.model.forecast.Forecaster;
import dev.nowcast.model.snapshot.ModelSnapshot;

/**
 * What the weights topic holds for one model, as {@link WeightsTopic#read} found it.
 *
 * @param model             the model name (the record key)
 * @param topicExists       false when the weights topic does not exist yet
 * @param highestVersion    the highest version ever seen for the model, loadable or not (0 when none), so
 *                          that a new snapshot never reuses a version
 * @param champion          the highest-version snapshot that loads (decodes, and verifies when a key was
 *                          given), after the model's last tombstone; null when none
 * @param championForecaster the champion, ready to score; null when there is no champion
 * @param skipped           snapshots of the model that do not load, with the reason, oldest first
 * @param undecodable       records of the model whose value is not a readable WeightSnapshot
 * @param endOffsets        the end offsets the read stopped at, from which a later read picks up
 */
public record PublishedModel(String model, boolean topicExists, long highestVersion, ModelSnapshot champion,
                             Forecaster championForecaster, List<Skipped> skipped, long undecodable,
                             Map<TopicPartition, Long> endOffsets) {
    public PublishedModel {
        skipped = List.copyOf(skipped);
        endOffsets = Map.copyOf(endOffsets);
    }

    /** A snapshot of the model that does not load. */
    public record Skipped(long version, long offset, String reason) {
    }

    /** The version a new snapshot of the model gets. */
    public long nextVersion() {
        return highestVersion + 1;
    }
}
