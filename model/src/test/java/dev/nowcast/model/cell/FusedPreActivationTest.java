package dev.nowcast.model.cell;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class FusedPreActivationTest {

    /** One product over {@code [x h]} and {@code [Wxh; Whh]} gives the bits of the two products it replaces. */
    @ParameterizedTest
    @EnumSource(value = CellType.class, names = {"LSTM", "ELMAN_TANH"})
    void oneProductOverInputAndStateHasTheBitsOfTwo(CellType type) {
        SplittableRandom r = new SplittableRandom(11);
        for (int in : new int[] {1, 3, 9}) {
            Cell cell = Cell.create(type, in, 32, 0);
            float[] params = new float[cell.parameterCount()];
            for (int i = 0; i < params.length; i++) {
                params[i] = (float) r.nextGaussian();
            }
            CellWeights w = new CellWeights(cell, false);
            w.load(cell, params);
            float[] x = gaussians(r, in + 5);
            float[] st = gaussians(r, 2 * cell.stateSize());
            CellScratch s = new CellScratch(cell.gateSize(), in, 32);

            cell.fusedPreActivation(w, x, 5, st, 3, s);

            float[] twoProducts = w.bias.clone();
            Kernels.gemv(w.wx, in, x, 5, twoProducts, cell.gateSize());
            Kernels.gemv(w.wh, 32, st, 3, twoProducts, cell.gateSize());
            for (int i = 0; i < twoProducts.length; i++) {
                assertThat(Float.floatToRawIntBits(s.gi[i])).as("%s in=%d unit %d", type, in, i)
                        .isEqualTo(Float.floatToRawIntBits(twoProducts[i]));
            }
        }
    }

    private static float[] gaussians(SplittableRandom r, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) r.nextGaussian();
        }
        return a;
    }
}
