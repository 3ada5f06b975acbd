package dev.nowcast.trainer.history;

import java.nio.charset.StandardCharsets;

/**
 * A stable 64-bit hash of a series key: FNV-1a over the key's UTF-8 bytes, finished with MurmurHash3's 64-bit
 * mixer so that every output bit depends on every input bit. Stable across JVMs and releases (unlike
 * {@link String#hashCode()} it is specified here), because it decides which series a bounded read keeps, and
 * two training runs over the same data must keep the same series.
 */
public final class SeriesKeyHash {
    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    private SeriesKeyHash() {
    }

    /** The hash of {@code key}. */
    public static long of(String key) {
        long h = FNV_OFFSET;
        for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= FNV_PRIME;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }
}
