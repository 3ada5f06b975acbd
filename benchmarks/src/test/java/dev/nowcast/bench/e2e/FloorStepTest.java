package dev.nowcast.bench.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.nowcast.avro.Prediction;
import dev.nowcast.model.cell.CellType;
import dev.nowcast.model.snapshot.ModelSnapshot;
import dev.nowcast.model.data.Series;
import dev.nowcast.stream.state.SeriesStateCodec;
import dev.nowcast.stream.testing.TestModels;
import dev.nowcast.stream.topology.SeriesStep;
import dev.nowcast.stream.topology.TopologyHarness;

/** The floor must cost what the app costs but for the model: states and records of the model's size. */
class FloorStepTest {

    @Test
    void theFloorWritesStatesAndRecordsOfTheModelsSizeWithoutTheModel(@TempDir Path modelDir, @TempDir Path floorDir) {
        ModelSnapshot snapshot = TestModels.snapshot("sensors", 1, CellType.LSTM, 3);
        Series s = TestModels.sines(1, 60, 4).get(0);
        try (TopologyHarness harness = new TopologyHarness(modelDir, SeriesStep.FORECASTER);
             TopologyHarness floor = new TopologyHarness(floorDir, new FloorStep())) {
            for (TopologyHarness h : List.of(harness, floor)) {
                h.publish(snapshot);
                for (int i = 0; i < 60; i++) {
                    h.observe(s.key(), s.timestamps()[i], s.values()[i]);
                }
            }
            List<TestRecord<String, Prediction>> model = harness.predictions.readRecordsToList();
            List<TestRecord<String, Prediction>> naive = floor.predictions.readRecordsToList();
            assertThat(naive).hasSize(model.size());
            for (int i = 0; i < naive.size(); i++) {
                Prediction p = naive.get(i).value();
                assertThat(p.getSteps()).hasSize(3).allSatisfy(step -> assertThat(step.getMean()).isEqualTo(p.getObservedValue()));
                assertThat(naive.get(i).timestamp()).isEqualTo(model.get(i).timestamp());
            }
            byte[] modelState = new SeriesStateCodec().encode(harness.state(s.key()));
            byte[] floorState = new SeriesStateCodec().encode(floor.state(s.key()));
            assertThat(floorState.length).isBetween(modelState.length - 4, modelState.length + 4);
            assertThat(floor.state(s.key()).hidden(0)).hasSameSizeAs(harness.state(s.key()).hidden(0));
        }
    }
}
