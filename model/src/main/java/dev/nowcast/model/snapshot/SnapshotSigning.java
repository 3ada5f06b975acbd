package dev.nowcast.model.snapshot;

import dev.nowcast.model.snapshot.SnapshotException.Reason;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;

/**
 * Ed25519 signatures over a snapshot's canonical signing payload, so that nobody can alter the model name,
 * version, creation time, architecture, normalisation or weights (through their sha256) of a signed snapshot.
 * The training summary is informational and not covered.
 *
 * <p>Payload (all integers little-endian; a string is its UTF-8 byte count as int32 then the bytes; a double is
 * its IEEE-754 bits as int64): the string {@code nowcast-snapshot-signature-v1}; model; version (int64);
 * createdAt (int64); architecture cellType, layers, hiddenSize, inputFeatures (int32), head, horizon,
 * warmupSteps (int32), stepIntervalMillis, maxGapMillis (int64), the count (int32) and values (int64) of
 * seasonalPeriodsMillis, covariates (int32); normalisation method, the count (int32) of parameters then each
 * name and value in name order, the count and values of covariateMean, the count and values of covariateScale;
 * and sha256 (the hex string). Keys: {@link PemKeys}.
 */
public final class SnapshotSigning {
    private static final String ALGORITHM = "Ed25519";

    private SnapshotSigning() {
    }

    /** The canonical payload the signature covers (a new array). */
    public static byte[] payload(ModelSnapshot snapshot) {
        return SnapshotCodec.signingPayload(snapshot);
    }

    /** {@code snapshot} signed with {@code key} (Ed25519), recording {@code keyId}. */
    public static ModelSnapshot sign(ModelSnapshot snapshot, PrivateKey key, String keyId) {
        try {
            Signature s = Signature.getInstance(ALGORITHM);
            s.initSign(key);
            s.update(payload(snapshot));
            return snapshot.withSignature(s.sign(), keyId);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot sign with this key (" + key.getAlgorithm()
                    + "); an Ed25519 private key is required", e);
        }
    }

    /**
     * Checks that {@code snapshot} carries a valid signature by {@code key}.
     *
     * @throws SnapshotException with {@link Reason#SIGNATURE} when it is missing, malformed or does not verify
     */
    public static void verify(ModelSnapshot snapshot, PublicKey key) throws SnapshotException {
        if (snapshot.signature() == null) {
            throw new SnapshotException(Reason.SIGNATURE, "snapshot " + snapshot.model() + " v" + snapshot.version()
                    + " is not signed");
        }
        boolean ok;
        try {
            Signature s = Signature.getInstance(ALGORITHM);
            s.initVerify(key);
            s.update(payload(snapshot));
            ok = s.verify(snapshot.signature());
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new SnapshotException(Reason.SIGNATURE, "signature of " + snapshot.model() + " v"
                    + snapshot.version() + " cannot be checked (key id " + snapshot.signingKeyId() + "): " + e, e);
        }
        if (!ok) {
            throw new SnapshotException(Reason.SIGNATURE, "signature of " + snapshot.model() + " v"
                    + snapshot.version() + " does not verify with the given key (key id " + snapshot.signingKeyId()
                    + "): the signed fields or tensors were altered, or another key signed it");
        }
    }
}
