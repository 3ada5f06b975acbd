package dev.nowcast.trainer.history;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

import dev.nowcast.model.data.Series;

/**
 * SHA-256 over the canonical bytes of a set of series, so that two runs on the same data can be recognised
 * whatever the source (CSV or topic), the order rows arrived in, or the JVM. Canonical form, all integers
 * little-endian: the string {@code nowcast-history-v1}; the series count (int32); then, for each series in the
 * order given (a {@link History} holds them in key order), the key's UTF-8 bytes with their length (int32)
 * first, the point count (int32) and the covariate count (int32), then for each point its timestamp (int64),
 * value (IEEE-754 bits, int64) and covariates (same).
 */
public final class DataFingerprint {
    private DataFingerprint() {
    }

    /** Lowercase hex SHA-256 of the canonical form of {@code series}. */
    public static String of(List<Series> series) {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
        ByteBuffer b = ByteBuffer.allocate(8192).order(ByteOrder.LITTLE_ENDIAN);
        put(md, b, "nowcast-history-v1".getBytes(StandardCharsets.UTF_8));
        room(md, b, 4).putInt(series.size());
        double[] covariates = new double[0];
        for (Series s : series) {
            put(md, b, s.key().getBytes(StandardCharsets.UTF_8));
            room(md, b, 8).putInt(s.size()).putInt(s.covariateCount());
            if (covariates.length != s.covariateCount()) {
                covariates = new double[s.covariateCount()];
            }
            for (int i = 0; i < s.size(); i++) {
                room(md, b, 16).putLong(s.timestamps()[i]).putLong(Double.doubleToLongBits(s.values()[i]));
                s.covariates(i, covariates);
                for (double c : covariates) {
                    room(md, b, 8).putLong(Double.doubleToLongBits(c));
                }
            }
        }
        b.flip();
        md.update(b);
        return HexFormat.of().formatHex(md.digest());
    }

    private static void put(MessageDigest md, ByteBuffer b, byte[] bytes) {
        room(md, b, 4).putInt(bytes.length);
        b.flip();
        md.update(b);
        b.clear();
        md.update(bytes);
    }

    /** {@code b}, flushed into the digest first if fewer than {@code bytes} remain. */
    private static ByteBuffer room(MessageDigest md, ByteBuffer b, int bytes) {
        if (b.remaining() < bytes) {
            b.flip();
            md.update(b);
            b.clear();
        }
        return b;
    }
}
