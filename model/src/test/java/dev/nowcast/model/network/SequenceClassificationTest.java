package dev.nowcast.model.network;

import dev.nowcast.model.cell.CellType;
import dev.nowcast.model.head.CategoricalHead;
import dev.nowcast.model.train.Adam;
import dev.nowcast.model.train.GradientClipping;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Many-to-one classification with the library's pieces (bidirectional GRU, categorical head, Bptt, Adam): which
 * of three positions (start, middle, end) of a noisy sequence holds a spike. A causal model would have to
 * remember the start; the bidirectional one sees both ends.
 */
class SequenceClassificationTest {
    private static void fill(SequenceBatch b, SplittableRandom r) {
        int rows = b.batchSize();
        int steps = b.steps();
        for (int row = 0; row < rows; row++) {
            int label = r.nextInt(3);
            int spike = label == 0 ? 1 : label == 1 ? steps / 2 : steps - 2;
            for (int t = 0; t < steps; t++) {
                b.inputs()[b.inputOffset(t, row)] = (float) (0.3 * r.nextGaussian() + (t == spike ? 2 : 0));
                b.targets()[t * rows + row] = t == steps - 1 ? label : Float.NaN;
            }
        }
    }

    @Test
    void aBidirectionalGruLearnsToLocateASpike() {
        RecurrentNetwork net = new RecurrentNetwork(CellType.GRU, 1, 8, 1, true, new CategoricalHead(3));
        float[] params = net.initialParameters(1);
        NetworkWeights weights = new NetworkWeights(net, params, true);
        float[] grad = new float[net.parameterCount()];
        Adam adam = new Adam(net.parameterCount());
        SequenceBatch batch = new SequenceBatch(32, 16, 1, 0);
        Bptt bptt = new Bptt(net, 32, 16);
        SplittableRandom random = new SplittableRandom(2);
        for (int step = 0; step < 300; step++) {
            fill(batch, random);
            Arrays.fill(grad, 0f);
            bptt.lossAndGradient(weights, batch, grad);
            for (int i = 0; i < grad.length; i++) {
                grad[i] /= batch.batchSize();
            }
            GradientClipping.clipByGlobalNorm(grad, 1.0);
            adam.step(params, grad, 0.02);
            weights.refresh();
        }
        SequenceBatch test = new SequenceBatch(200, 16, 1, 0);
        fill(test, new SplittableRandom(99));
        Bptt eval = new Bptt(net, 200, 16);
        eval.loss(weights, test);
        CategoricalHead head = (CategoricalHead) net.head();
        float[] h = new float[net.outputWidth()];
        float[] logits = new float[3];
        int correct = 0;
        for (int row = 0; row < 200; row++) {
            for (int j = 0; j < h.length; j++) {
                h[j] = eval.output(15, row, j);
            }
            net.headOutput(params, h, 0, logits, 0);
            correct += head.predict(logits, 0) == (int) test.targets()[15 * 200 + row] ? 1 : 0;
        }
        assertThat(correct).as("correct of 200").isGreaterThan(190);
    }
}
