package dev.nowcast.model.network;

import dev.nowcast.model.cell.CellWeights;

/**
 * A network's weights in the form the kernels run on: the flat parameter array (read by the head, and the
 * canonical copy optimisers and codecs use) plus every cell's weights in row form ({@link CellWeights}).
 * The rows are a derived copy: after changing the flat array, call {@link #refresh()}.
 *
 * <p>The flat array is held by reference, not copied: whoever owns it decides when it changes. Safe to share
 * for reading between threads once refreshed.
 */
public final class NetworkWeights {
    private final RecurrentNetwork net;
    private final float[] params;
    private final CellWeights[] cells;

    /**
     * @param params     the flat parameters (held by reference)
     * @param transposed also keep the transposed rows the backward pass needs
     */
    public NetworkWeights(RecurrentNetwork net, float[] params, boolean transposed) {
        if (params.length != net.parameterCount()) {
            throw new IllegalArgumentException("params has " + params.length + " floats, the network needs "
                    + net.parameterCount());
        }
        this.net = net;
        this.params = params;
        this.cells = new CellWeights[net.layers() * net.directions()];
        for (int l = 0; l < net.layers(); l++) {
            for (int d = 0; d < net.directions(); d++) {
                cells[l * net.directions() + d] = new CellWeights(net.cell(l, d), transposed);
            }
        }
        refresh();
    }

    /** Reloads the row form from the flat parameters. */
    public void refresh() {
        for (int l = 0; l < net.layers(); l++) {
            for (int d = 0; d < net.directions(); d++) {
                cells[l * net.directions() + d].load(net.cell(l, d), params);
            }
        }
    }

    public RecurrentNetwork network() {
        return net;
    }

    /** The live flat parameter array. */
    public float[] parameters() {
        return params;
    }

    /** The row form of layer {@code layer}, direction {@code direction}. */
    public CellWeights cell(int layer, int direction) {
        return cells[layer * net.directions() + direction];
    }
}
