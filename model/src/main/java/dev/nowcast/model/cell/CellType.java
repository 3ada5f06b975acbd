package dev.nowcast.model.cell;

/**
 * The recurrent cell kinds, with PyTorch's gate counts ({@code G} in a weight shape {@code [G*H, in]}).
 * The symbols equal the Avro {@code CellType} symbols.
 */
public enum CellType {
    /** Elman RNN with tanh: {@code h' = tanh(W_ih x + b_ih + W_hh h + b_hh)}. */
    ELMAN_TANH(1),
    /** Elman RNN with ReLU: {@code h' = max(0, W_ih x + b_ih + W_hh h + b_hh)}. */
    ELMAN_RELU(1),
    /** Gated recurrent unit, gates r, z, n in PyTorch's order. */
    GRU(3),
    /** Long short-term memory, gates i, f, g, o in PyTorch's order. */
    LSTM(4);

    private final int gates;

    CellType(int gates) {
        this.gates = gates;
    }

    /** Number of gate blocks G: 1 (Elman), 3 (GRU), 4 (LSTM). */
    public int gates() {
        return gates;
    }

    /** Length of one sample's recurrent state: {@code H}, or {@code 2H} for LSTM ({@code [h, c]}). */
    public int stateSize(int hiddenSize) {
        return this == LSTM ? 2 * hiddenSize : hiddenSize;
    }

    /**
     * Parses an Avro/JSON symbol.
     *
     * @return the cell type, or {@code null} when the symbol is unknown (callers report it their way)
     */
    public static CellType fromSymbol(String symbol) {
        for (CellType t : values()) {
            if (t.name().equals(symbol)) {
                return t;
            }
        }
        return null;
    }
}
