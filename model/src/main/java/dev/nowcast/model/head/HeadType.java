package dev.nowcast.model.head;

/** The forecasting heads a snapshot can carry; the symbols equal the Avro {@code HeadType} symbols. */
public enum HeadType {
    /** {@link GaussianHead}: mean and standard deviation, trained by Gaussian negative log-likelihood. */
    GAUSSIAN,
    /** {@link PointHead}: the mean only, trained by squared error; intervals come from calibration. */
    POINT;

    /** Parses an Avro/JSON symbol; {@code null} when unknown. */
    public static HeadType fromSymbol(String symbol) {
        for (HeadType t : values()) {
            if (t.name().equals(symbol)) {
                return t;
            }
        }
        return null;
    }

    /** The head, with {@code sigmaFloor} as the Gaussian's minimum standard deviation (scaled units). */
    public Head create(double sigmaFloor) {
        return this == GAUSSIAN ? new GaussianHead(sigmaFloor) : new PointHead();
    }
}
