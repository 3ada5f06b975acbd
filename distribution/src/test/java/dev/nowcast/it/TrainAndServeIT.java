package dev.nowcast.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;

import dev.nowcast.avro.Prediction;
import dev.nowcast.cli.Nowcast;
import dev.nowcast.stream.NowcastStreamApp;
import dev.nowcast.stream.testing.StreamAppFixture;
import dev.nowcast.testsupport.LocalStackTest;
import dev.nowcast.testsupport.TestKafka;
import dev.nowcast.testsupport.TestRegistry;

/**
 * The trainer and the stream app together, through the nowcast command line on the real broker and registry:
 * a shipped dataset replayed into a topic, a model trained from that topic and published, and the running stream
 * app serving it without a restart; then a better-or-forced retrain swapped in live.
 */
@LocalStackTest
class TrainAndServeIT {

    @Test
    void aModelTrainedFromTheTopicIsPickedUpByTheRunningApp(TestKafka kafka, TestRegistry registry, @TempDir Path dir)
            throws Exception {
        Path history = sensorPoints(dir.resolve("history.csv"), 0, 400);
        Path live = sensorPoints(dir.resolve("live.csv"), 400, 450);

        try (StreamAppFixture fixture = new StreamAppFixture(kafka, registry, "sensors", 2)) {
            NowcastStreamApp app = fixture.startApp(Map.of());
            String[] connection = {"--set", "nowcast.bootstrap.servers=" + kafka.bootstrapServers(),
                    "--set", "nowcast.schema.registry.url=" + registry.url(),
                    "--set", "nowcast.topic.model-weights=" + fixture.weights};

            assertThat(run(connection, "replay", "--csv", history.toString(), "--topic", fixture.observations)).isZero();
            // The history must be processed before the model exists, or a slow app would forecast part of it.
            fixture.awaitConsumed(Duration.ofSeconds(120));
            assertThat(app.models().missing()).containsExactly("sensors");

            assertThat(run(connection, "train", "--model", "sensors", "--topic", fixture.observations,
                    "--epochs", "2", "--hidden-size", "8")).isZero();
            StreamAppFixture.awaitReady(app, Duration.ofSeconds(60));
            assertThat(app.models().slot("sensors").serving().version()).isEqualTo(1);

            // Points replayed before any model existed were recorded without predictions; the next ones are forecast.
            assertThat(run(connection, "replay", "--csv", live.toString(), "--topic", fixture.observations)).isZero();
            List<ConsumerRecord<String, Prediction>> out = fixture.readPredictions(8 * 50);
            assertThat(out).hasSize(8 * 50).allSatisfy(r -> {
                assertThat(r.value().getModelVersion()).isEqualTo(1);
                assertThat(r.value().getWarm()).isTrue();
            });

            assertThat(run(connection, "train", "--model", "sensors", "--topic", fixture.observations,
                    "--epochs", "1", "--hidden-size", "4", "--force")).isZero();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (app.models().slot("sensors").serving().version() != 2 && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(app.models().slot("sensors").serving().version()).isEqualTo(2);
            assertThat(app.models().slot("sensors").serving().snapshot().trainingSummary().decision())
                    .startsWith("accepted");
        }
    }

    /** Points {@code [from, to)} of every series of the shipped sensor dataset, as a long CSV. */
    private static Path sensorPoints(Path file, int from, int to) throws Exception {
        List<String> lines = Files.readAllLines(Path.of("../data/sensors-wsn-single-hop.csv"));
        List<String> subset = new ArrayList<>(lines.subList(0, 1));
        Map<String, Integer> seen = new HashMap<>();
        for (String line : lines.subList(1, lines.size())) {
            int index = seen.merge(line.substring(0, line.indexOf(',')), 1, Integer::sum) - 1;
            if (index >= from && index < to) {
                subset.add(line);
            }
        }
        return Files.write(file, subset);
    }

    /** Runs a nowcast command with {@code connection}'s settings appended, echoing its output to the test log. */
    private static int run(String[] connection, String... args) {
        StringWriter out = new StringWriter();
        CommandLine cli = Nowcast.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(out));
        int code = cli.execute(concat(args, connection));
        System.out.println(out);
        return code;
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
