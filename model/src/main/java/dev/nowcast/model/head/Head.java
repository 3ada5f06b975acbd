package dev.nowcast.model.head;

/**
 * The loss-bearing part of a network on top of a linear output layer ({@code out = W h + b}, PyTorch's
 * {@code head.weight [outputSize, in]} and {@code head.bias [outputSize]}). A head interprets the
 * {@link #outputSize()} linear outputs of one sample and scores them against a target.
 */
public sealed interface Head permits GaussianHead, PointHead, CategoricalHead {
    /** Number of linear outputs the head reads. */
    int outputSize();

    /**
     * Loss of one sample and its gradient with respect to the linear outputs.
     *
     * @param out    linear outputs at {@code out[off .. off+outputSize)}
     * @param target the target (a class index for {@link CategoricalHead})
     * @param dOut   receives d(loss)/d(out) at {@code dOut[dOff ..]} (overwritten)
     * @return the loss, in double
     */
    double lossAndGradient(float[] out, int off, float target, float[] dOut, int dOff);
}
