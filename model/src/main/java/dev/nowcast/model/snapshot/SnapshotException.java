package dev.nowcast.model.snapshot;

/** A snapshot that cannot be turned into a forecaster; {@link #reason()} says why, the message says where. */
public final class SnapshotException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Why a snapshot was rejected. */
    public enum Reason {
        /** A required field is null or empty. */
        MISSING_FIELD,
        /** The cell type symbol is not one this library knows. */
        UNKNOWN_CELL,
        /** The head symbol is not one this library knows. */
        UNKNOWN_HEAD,
        /** An architecture field is out of range or inconsistent (e.g. inputFeatures vs the pipeline). */
        ARCHITECTURE,
        /** Unknown normalisation method, or a missing or invalid parameter. */
        NORMALISATION,
        /** A tensor is missing, unexpected, out of order, or has the wrong shape or byte length. */
        SHAPE,
        /** A tensor holds NaN or an infinity. */
        NON_FINITE,
        /** The sha256 does not match the tensor bytes. */
        CHECKSUM,
        /** The signature is missing, malformed or does not verify. */
        SIGNATURE
    }

    private final Reason reason;

    public SnapshotException(Reason reason, String message) {
        super(reason + ": " + message);
        this.reason = reason;
    }

    public SnapshotException(Reason reason, String message, Throwable cause) {
        super(reason + ": " + message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
