package dev.nowcast.trainer.history;

/**
 * Estimates the number of distinct series keys in a stream from their {@link SeriesKeyHash hashes}, in 4 KiB
 * whatever the number of keys: a HyperLogLog sketch (Flajolet et al., 2007) with 4096 registers, standard error
 * about 1.6%, with linear counting for small cardinalities. A bounded read uses it to say how many series the
 * source held, which an exact count could only do in memory proportional to the number of keys.
 */
final class DistinctCounter {
    private static final int BITS = 12;
    private static final int REGISTERS = 1 << BITS;
    private static final double ALPHA = 0.7213 / (1 + 1.079 / REGISTERS);

    private final byte[] registers = new byte[REGISTERS];

    /** Records one occurrence of the key whose hash is {@code hash}. */
    void add(long hash) {
        int index = (int) (hash >>> (64 - BITS));
        // Rank of the first 1 bit in the remaining 52 bits, 1-based; a sentinel bit caps it at 53.
        int rank = Long.numberOfLeadingZeros((hash << BITS) | (1L << (BITS - 1))) + 1;
        if (rank > registers[index]) {
            registers[index] = (byte) rank;
        }
    }

    /** The estimated number of distinct keys added. */
    long estimate() {
        double sum = 0;
        int zeros = 0;
        for (byte r : registers) {
            sum += 1.0 / (1L << r);
            if (r == 0) {
                zeros++;
            }
        }
        double raw = ALPHA * REGISTERS * REGISTERS / sum;
        if (raw <= 2.5 * REGISTERS && zeros > 0) {
            return Math.round(REGISTERS * Math.log((double) REGISTERS / zeros));
        }
        return Math.round(raw);
    }
}
