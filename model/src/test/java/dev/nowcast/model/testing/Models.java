package dev.nowcast.model.testing;

import dev.nowcast.model.cell.CellType;
import dev.nowcast.model.feature.ExponentialSmoothing;
import dev.nowcast.model.feature.FeaturePipeline;
import dev.nowcast.model.feature.PipelineParameters;
import dev.nowcast.model.forecast.Forecaster;
import dev.nowcast.model.forecast.SeriesState;
import dev.nowcast.model.head.HeadType;
import dev.nowcast.model.network.RecurrentNetwork;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;

/** Small models and a stand-in for the stream app's state codec, for tests. */
public final class Models {
    public static final long HOUR = 3_600_000L;

    private Models() {
    }

    public static FeaturePipeline pipeline(int covariates, boolean lags, long... periods) {
        PipelineParameters p = PipelineParameters.initial(0.02, 0.05, 0.01, 8.0, 0.01, lags).withCalibration(1.0, 1.1);
        double[] mean = new double[covariates];
        double[] scale = new double[covariates];
        Arrays.fill(scale, 2.0);
        return FeaturePipeline.of(p, HOUR, periods, mean, scale);
    }

    /**
     * The pipeline of {@link #pipeline} with a smoothed base forecast ({@code es-residual-v2}): level, damped
     * trend, a day and a week of hourly seasons, interval adaptation and a horizon exponent.
     */
    public static FeaturePipeline smoothedPipeline(int covariates, long... periods) {
        return pipeline(covariates, false, periods)
                .withSmoothing(new ExponentialSmoothing(0.3, 0.1, 0.9, new int[] {24, 168}, new double[] {0.2, 0.1}),
                        0.15)
                .withHorizonExponent(0.2);
    }

    /** An LSTM like {@link #lstm} on the {@link #smoothedPipeline}. */
    public static Forecaster smoothedLstm(long version, long seed) {
        return forecaster(version, CellType.LSTM, 2, 8, HeadType.GAUSSIAN, smoothedPipeline(1, 24 * HOUR), 4, seed);
    }

    /** An untrained forecaster with seeded random weights. */
    public static Forecaster forecaster(long version, CellType cell, int layers, int hidden, HeadType head,
                                        FeaturePipeline pipeline, int horizon, long seed) {
        RecurrentNetwork net = new RecurrentNetwork(cell, pipeline.featureCount(), hidden, layers, false,
                head.create(pipeline.sigmaFloor()));
        return new Forecaster(version, net, net.initialParameters(seed), pipeline, horizon, 6, 6 * HOUR);
    }

    public static Forecaster lstm(long version, long seed) {
        return forecaster(version, CellType.LSTM, 2, 8, HeadType.GAUSSIAN, pipeline(1, true, 24 * HOUR), 4, seed);
    }

    /** Writes every field of a state through its public accessors, as a binary codec would. */
    public static byte[] write(SeriesState s) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeInt(s.ringCapacity());
            out.writeInt(s.covariates());
            out.writeLong(s.modelVersion());
            out.writeLong(s.observations());
            out.writeLong(s.stepsSeen());
            out.writeLong(s.lastTimestamp());
            out.writeDouble(s.lastValue());
            out.writeFloat(s.resolution());
            for (double v : s.statistics()) {
                out.writeDouble(v);
            }
            out.writeInt(s.seasonal().length);
            for (float v : s.seasonal()) {
                out.writeFloat(v);
            }
            out.writeInt(s.layers());
            out.writeInt(s.layers() == 0 ? 0 : s.hidden(0).length);
            for (int l = 0; l < s.layers(); l++) {
                for (float v : s.hidden(l)) {
                    out.writeFloat(v);
                }
            }
            out.writeBoolean(s.hasForecast());
            out.writeFloat(s.forecastChange());
            out.writeFloat(s.forecastStddev());
            out.writeInt(s.ringSize());
            for (int i = 0; i < s.ringSize(); i++) {
                out.writeLong(s.ringTimestamp(i));
                out.writeFloat(s.ringValue(i));
                for (int c = 0; c < s.covariates(); c++) {
                    out.writeFloat(s.ringCovariate(i, c));
                }
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads a state written by {@link #write} into a brand-new instance. */
    public static SeriesState read(byte[] b) {
        try {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(b));
            SeriesState s = new SeriesState(in.readInt());
            int covariates = in.readInt();
            s.setModelVersion(in.readLong());
            s.setObservations(in.readLong());
            s.setStepsSeen(in.readLong());
            s.setLast(in.readLong(), in.readDouble());
            s.setResolution(in.readFloat());
            double[] stats = s.statistics();
            for (int i = 0; i < stats.length; i++) {
                stats[i] = in.readDouble();
            }
            s.ensureSeasonal(in.readInt());
            float[] seasonal = s.seasonal();
            for (int i = 0; i < seasonal.length; i++) {
                seasonal[i] = in.readFloat();
            }
            int layers = in.readInt();
            int size = in.readInt();
            s.ensureShape(layers, size, covariates, 1);
            for (int l = 0; l < layers; l++) {
                float[] h = s.hidden(l);
                for (int j = 0; j < size; j++) {
                    h[j] = in.readFloat();
                }
            }
            boolean has = in.readBoolean();
            s.setForecast(has, in.readFloat(), in.readFloat());
            int n = in.readInt();
            float[] cov = new float[covariates];
            for (int i = 0; i < n; i++) {
                long t = in.readLong();
                float v = in.readFloat();
                for (int c = 0; c < covariates; c++) {
                    cov[c] = in.readFloat();
                }
                s.appendRing(t, v, cov, 0);
            }
            return s;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
