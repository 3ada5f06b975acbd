package dev.nowcast.bench.e2e;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.streams.StreamsConfig;

import dev.nowcast.model.cell.CellType;
import dev.nowcast.stream.cli.NowcastStream;
import picocli.CommandLine.Option;

/** What every scenario lets you choose: the data, the model, the app's configuration, where results go. */
final class ScenarioOptions {

    /** The two ways the app runs in each scenario. */
    enum Variant {
        /** {@link FloorStream}: everything but the model (the Kafka Streams floor). */
        IDENTITY(FloorStream.class),
        /** The app as shipped. */
        FORECASTER(NowcastStream.class);

        private final Class<?> mainClass;

        Variant(Class<?> mainClass) {
            this.mainClass = mainClass;
        }

        /** The main class of the app's JVM: both take {@code nowcast stream}'s arguments. */
        Class<?> mainClass() {
            return mainClass;
        }

        String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    @Option(names = "--series", paramLabel = "N", defaultValue = "1000", description = "Distinct series (keys); default ${DEFAULT-VALUE}.")
    int series;

    @Option(names = "--partitions", paramLabel = "N", defaultValue = "4",
            description = "Partitions of the observation and output topics; default ${DEFAULT-VALUE}.")
    int partitions;

    @Option(names = "--cell", paramLabel = "CELL", defaultValue = "LSTM",
            description = "LSTM, GRU, ELMAN_TANH or ELMAN_RELU; default ${DEFAULT-VALUE}.")
    CellType cell;

    @Option(names = "--hidden", paramLabel = "N", defaultValue = "32", description = "Hidden size; default ${DEFAULT-VALUE}.")
    int hidden;

    @Option(names = "--horizon", paramLabel = "H", defaultValue = "1", description = "Forecast steps; default ${DEFAULT-VALUE}.")
    int horizon;

    @Option(names = "--guarantee", paramLabel = "G", defaultValue = StreamsConfig.EXACTLY_ONCE_V2,
            description = "exactly_once_v2 or at_least_once; default ${DEFAULT-VALUE}.")
    String guarantee;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "1", description = "Stream threads; default ${DEFAULT-VALUE}.")
    int threads;

    @Option(names = "--variants", paramLabel = "V", split = ",", defaultValue = "identity,forecaster",
            converter = VariantConverter.class, description = "Which apps to run, in this order; default ${DEFAULT-VALUE}.")
    List<Variant> variants;

    @Option(names = "--app-heap", paramLabel = "SIZE", defaultValue = "2g",
            description = "The app's -Xmx (./nowcast's default); default ${DEFAULT-VALUE}.")
    String appHeap;

    @Option(names = "--broker-heap", paramLabel = "SIZE", defaultValue = "1g", description = "The broker's -Xmx; default ${DEFAULT-VALUE}.")
    String brokerHeap;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "An extra app setting (nowcast.* or kafka.*), e.g. to try a tuning; repeatable.")
    Map<String, String> settings = new LinkedHashMap<>();

    @Option(names = "--jfr", paramLabel = "DIR",
            description = "Record a flight recording (settings=profile) of each app run into DIR.")
    Path jfr;

    @Option(names = "--results", paramLabel = "DIR", defaultValue = "benchmarks/results",
            description = "Where the JSON report goes; default ${DEFAULT-VALUE}.")
    Path results;

    @Option(names = "--label", paramLabel = "TEXT", defaultValue = "",
            description = "A note stored with the results and added to the file name.")
    String label;

    /** Parses variant names case-insensitively. */
    static final class VariantConverter implements picocli.CommandLine.ITypeConverter<Variant> {
        @Override
        public Variant convert(String value) {
            return Variant.valueOf(value.trim().toUpperCase(java.util.Locale.ROOT));
        }
    }
}
