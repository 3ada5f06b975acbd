package dev.nowcast.model.network;

import dev.nowcast.model.cell.CellType;
import dev.nowcast.model.head.PointHead;
import dev.nowcast.model.testing.Json;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Compares the cells against PyTorch's documented equations, evaluated in double precision by
 * {@code src/test/python/pytorch_reference.py} (weights imported by their state_dict names and shapes).
 */
class PyTorchFixtureTest {
    private static final float TOLERANCE = 1e-5f;

    static Stream<Map<String, Object>> cases() {
        return Json.list(Json.obj(Json.resource("/fixtures/pytorch_reference.json")).get("cases")).stream()
                .map(Json::obj);
    }

    private static RecurrentNetwork network(Map<String, Object> c, float[][] weights) {
        RecurrentNetwork net = new RecurrentNetwork(CellType.valueOf((String) c.get("cell")), intOf(c, "input"),
                intOf(c, "hidden"), intOf(c, "layers"), (Boolean) c.get("bidirectional"), new PointHead());
        Map<String, Object> tensors = Json.obj(c.get("tensors"));
        weights[0] = new float[net.parameterCount()];
        for (ParameterSpec spec : net.parameters()) {
            if (spec.name().startsWith("rnn.")) {
                float[] src = Json.floats(tensors.get(spec.name()));
                assertThat(src).as(spec.name()).hasSize(spec.size());
                spec.load(src, weights[0]);
            }
        }
        assertThat(tensors).hasSize(net.parameters().size() - 2);
        return net;
    }

    private static int intOf(Map<String, Object> c, String k) {
        return ((Double) c.get(k)).intValue();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void sequenceOutputsMatchPyTorch(Map<String, Object> c) {
        float[][] w = new float[1][];
        RecurrentNetwork net = network(c, w);
        List<Object> inputs = Json.list(c.get("inputs"));
        List<Object> expected = Json.list(c.get("outputs"));
        int steps = inputs.size();
        SequenceBatch batch = new SequenceBatch(1, steps, net.inputSize(), 0);
        for (int t = 0; t < steps; t++) {
            System.arraycopy(Json.floats(inputs.get(t)), 0, batch.inputs(), batch.inputOffset(t, 0), net.inputSize());
        }
        Bptt bptt = new Bptt(net, 1, steps);
        bptt.loss(new NetworkWeights(net, w[0], false), batch);
        for (int t = 0; t < steps; t++) {
            float[] want = Json.floats(expected.get(t));
            for (int j = 0; j < want.length; j++) {
                assertThat(bptt.output(t, 0, j)).as("%s t=%d unit %d", c.get("name"), t, j)
                        .isCloseTo(want[j], within(TOLERANCE));
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void streamingStepsMatchPyTorch(Map<String, Object> c) {
        if ((Boolean) c.get("bidirectional")) {
            return;
        }
        float[][] w = new float[1][];
        RecurrentNetwork net = network(c, w);
        int h = net.hiddenSize();
        float[][] state = new float[net.layers()][net.stateSize()];
        NetworkWeights weights = new NetworkWeights(net, w[0], false);
        var scratch = net.newScratch();
        List<Object> inputs = Json.list(c.get("inputs"));
        List<Object> expected = Json.list(c.get("outputs"));
        for (int t = 0; t < inputs.size(); t++) {
            net.step(weights, Json.floats(inputs.get(t)), 0, state, scratch);
            float[] want = Json.floats(expected.get(t));
            for (int j = 0; j < h; j++) {
                assertThat(state[net.layers() - 1][j]).as("%s t=%d unit %d", c.get("name"), t, j)
                        .isCloseTo(want[j], within(TOLERANCE));
            }
        }
        List<Object> finals = Json.list(c.get("finalStates"));
        for (int l = 0; l < net.layers(); l++) {
            Map<String, Object> f = Json.obj(finals.get(l));
            float[] hWant = Json.floats(f.get("h"));
            for (int j = 0; j < h; j++) {
                assertThat(state[l][j]).isCloseTo(hWant[j], within(TOLERANCE));
            }
            if (net.cellType() == CellType.LSTM) {
                float[] cWant = Json.floats(f.get("c"));
                for (int j = 0; j < h; j++) {
                    assertThat(state[l][h + j]).as("c of layer %d", l).isCloseTo(cWant[j], within(TOLERANCE));
                }
            }
        }
    }
}
