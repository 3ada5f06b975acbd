package dev.nowcast.model.network;

import java.util.Arrays;

/**
 * One named tensor of a network's flat parameter array, named and shaped as in PyTorch's {@code state_dict}.
 *
 * @param name       PyTorch name, e.g. {@code rnn.weight_ih_l0}, {@code head.bias}
 * @param shape      PyTorch shape ({@code [rows, cols]} or {@code [n]}); the array is not copied, do not modify
 * @param offset     start of the tensor inside the flat parameter array
 * @param transposed true when the internal layout is the transpose of PyTorch's row-major layout
 *                   ({@code [cols][rows]}), as for the recurrent weights (see {@code Cell})
 */
public record ParameterSpec(String name, int[] shape, int offset, boolean transposed) {
    public ParameterSpec {
        if (shape.length < 1 || shape.length > 2) {
            throw new IllegalArgumentException(name + ": rank must be 1 or 2, got " + shape.length);
        }
        if (transposed && shape.length != 2) {
            throw new IllegalArgumentException(name + ": only a matrix can be stored transposed");
        }
    }

    /** Number of elements. */
    public int size() {
        return shape.length == 1 ? shape[0] : shape[0] * shape[1];
    }

    /** Copies this tensor from {@code params} into {@code dst[0 .. size)} in PyTorch's row-major order. */
    public void export(float[] params, float[] dst) {
        if (!transposed) {
            System.arraycopy(params, offset, dst, 0, size());
            return;
        }
        int rows = shape[0];
        int cols = shape[1];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                dst[r * cols + c] = params[offset + c * rows + r];
            }
        }
    }

    /** Copies {@code src[0 .. size)}, in PyTorch's row-major order, into this tensor's place in {@code params}. */
    public void load(float[] src, float[] params) {
        if (!transposed) {
            System.arraycopy(src, 0, params, offset, size());
            return;
        }
        int rows = shape[0];
        int cols = shape[1];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                params[offset + c * rows + r] = src[r * cols + c];
            }
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ParameterSpec p && name.equals(p.name) && Arrays.equals(shape, p.shape)
                && offset == p.offset && transposed == p.transposed;
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Arrays.hashCode(shape);
    }

    @Override
    public String toString() {
        return name + Arrays.toString(shape);
    }
}
