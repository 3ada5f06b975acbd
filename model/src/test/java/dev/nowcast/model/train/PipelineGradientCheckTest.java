package dev.nowcast.model.train;

import dev.nowcast.model.cell.CellType;
import dev.nowcast.model.feature.FeaturePipeline;
import dev.nowcast.model.forecast.SeriesState;
import dev.nowcast.model.head.GaussianHead;
import dev.nowcast.model.network.Bptt;
import dev.nowcast.model.network.NetworkWeights;
import dev.nowcast.model.network.RecurrentNetwork;
import dev.nowcast.model.network.SequenceBatch;
import dev.nowcast.model.testing.Models;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static dev.nowcast.model.testing.Models.HOUR;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The full training loss from raw values: series run through the feature pipeline (running statistics, phases,
 * seasonal lags, covariates), targets from its scaled changes, the Gaussian NLL over windows of a 2-layer
 * network, checked against central finite differences for every parameter.
 */
class PipelineGradientCheckTest {
    @ParameterizedTest
    @EnumSource(CellType.class)
    void gradientOfTheLossFromRawValuesMatchesFiniteDifferences(CellType cell) {
        FeaturePipeline p = Models.pipeline(1, true, 6 * HOUR);
        int rows = 3;
        int steps = 10;
        int n = 30;
        SequenceBatch batch = new SequenceBatch(rows, steps, p.featureCount(), 0);
        for (int r = 0; r < rows; r++) {
            SeriesState s = new SeriesState(24);
            s.ensureShape(0, 0, 1, p.requiredRingCapacity());
            float[] f = new float[n * p.featureCount()];
            double[] v = new double[n];
            double[] scale = new double[n];
            for (int i = 0; i < n; i++) {
                v[i] = 10 * r + 3 * Math.sin(i * 0.9 + r) + (i % 4);
                double[] cov = {i % 3 - 1.0};
                p.update(s, i * HOUR, v[i], cov, f, i * p.featureCount());
                s.accept(i * HOUR, v[i], cov);
                scale[i] = p.scale(s);
            }
            int start = n - steps - 1;
            for (int t = 0; t < steps; t++) {
                int i = start + t;
                System.arraycopy(f, i * p.featureCount(), batch.inputs(), batch.inputOffset(t, r), p.featureCount());
                batch.targets()[t * rows + r] = p.target(v[i], v[i + 1], scale[i]);
            }
        }
        RecurrentNetwork net = new RecurrentNetwork(cell, p.featureCount(), 5, 2, false, new GaussianHead(0.05));
        float[] params = net.initialParameters(3);
        float[] grad = new float[net.parameterCount()];
        Bptt bptt = new Bptt(net, rows, steps);
        bptt.lossAndGradient(new NetworkWeights(net, params, true), batch, grad);
        // Inputs here reach the clip (8), so ReLU kinks sit closer: a smaller step for it.
        float e = cell == CellType.ELMAN_RELU ? 5e-4f : 1e-2f;
        for (int k = 0; k < params.length; k++) {
            float original = params[k];
            double[] l = new double[4];
            float[] d = {2 * e, e, -e, -2 * e};
            for (int j = 0; j < 4; j++) {
                params[k] = original + d[j];
                l[j] = bptt.loss(new NetworkWeights(net, params, false), batch);
            }
            params[k] = original;
            double numeric = (8 * (l[1] - l[2]) - (l[0] - l[3])) / (12 * e);
            double allowed = 1e-2 * Math.max(Math.abs(numeric), Math.abs(grad[k])) + 2e-6 / e;
            assertThat(Math.abs(numeric - grad[k])).as("%s parameter %d: analytic %s numeric %s", cell, k, grad[k],
                    numeric).isLessThan(allowed);
        }
    }
}
