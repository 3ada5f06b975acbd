package dev.nowcast.stream.serving;

import dev.nowcast.model.forecast.Forecaster;
import dev.nowcast.model.snapshot.ModelSnapshot;

/**
 * A validated snapshot in service: the forecaster the processors call, and the snapshot's description (without
 * re-reading its tensors) for {@code /models}.
 *
 * @param forecaster the ready model
 * @param snapshot   the snapshot it was built from
 * @param sha256     checksum of its tensors
 * @param installedAt wall-clock millis when this instance started serving it
 */
public record ServingModel(Forecaster forecaster, ModelSnapshot snapshot, String sha256, long installedAt) {

    public long version() {
        return forecaster.version();
    }
}
