package dev.nowcast.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import dev.nowcast.avro.DeadLetterReason;
import dev.nowcast.avro.Prediction;
import dev.nowcast.cli.Nowcast;
import dev.nowcast.model.data.Series;
import dev.nowcast.stream.testing.StreamAppFixture;
import dev.nowcast.stream.testing.TestModels;
import dev.nowcast.testsupport.LocalStackTest;
import dev.nowcast.testsupport.TestKafka;
import dev.nowcast.testsupport.TestRegistry;

/**
 * {@code nowcast dead-letters} against a real broker and registry: records rejected for a setting (timestamps
 * before nowcast.validation.min-timestamp) are listed by reason, replayed after the setting is fixed and
 * forecast once; a second replay forecasts nothing twice (the processor's order and duplicate rules).
 */
@LocalStackTest
class DeadLettersCommandIT {

    private static final int POINTS = 30;

    @Test
    void listsRejectedRecordsAndReplaysThemOnceAfterTheFix(TestKafka kafka, TestRegistry registry) throws Exception {
        Series recent = TestModels.sines(1, POINTS, 3).get(0);
        Series old = shifted(TestModels.sines(2, POINTS, 4).get(1), -6L * 365 * 86_400_000L); // 1995
        try (StreamAppFixture fixture = new StreamAppFixture(kafka, registry, "sensors", 1)) {
            fixture.publish(TestModels.snapshot("sensors", 1));
            StreamAppFixture.awaitReady(fixture.startApp(Map.of("nowcast.validation.min-timestamp",
                    "2000-01-01T00:00:00Z")), Duration.ofSeconds(60));
            fixture.replay(List.of(recent, old), 0, POINTS);
            assertThat(fixture.readDeadLetters(POINTS)).hasSize(POINTS)
                    .allSatisfy(r -> assertThat(r.value().getReason()).isEqualTo(DeadLetterReason.BAD_TIMESTAMP));
            assertThat(predictionsOf(fixture, old.key(), POINTS)).isZero();

            String[] cluster = {"--set", "nowcast.bootstrap.servers=" + kafka.bootstrapServers(),
                    "--set", "nowcast.schema.registry.url=" + registry.url(),
                    "--set", "nowcast.topic.dead-letters=" + fixture.deadLetters};
            String listed = run("dead-letters", "list", "--reason", "BAD_TIMESTAMP,LATE", cluster);
            assertThat(listed).contains("BAD_TIMESTAMP").contains("key=" + old.key())
                    .contains(fixture.observations + "-0@").endsWith(POINTS + " dead letter(s); by reason: BAD_TIMESTAMP "
                            + POINTS + System.lineSeparator());
            assertThat(run("dead-letters", "list", "--reason", "NON_FINITE", cluster)).contains("0 dead letter(s)");
            assertThat(run("dead-letters", "replay", "--dry-run", "--limit", "5", cluster))
                    .contains("5 dead letter(s)").contains("dry run: nothing replayed");

            // The fix: the setting back to its default. Then the replay: each point forecast once.
            fixture.closeApps();
            StreamAppFixture.awaitReady(fixture.startApp(Map.of()), Duration.ofSeconds(60));
            assertThat(run("dead-letters", "replay", "--reason", "BAD_TIMESTAMP", cluster))
                    .contains("replayed " + POINTS + " record(s)");
            assertThat(predictionsOf(fixture, old.key(), 2 * POINTS)).isEqualTo(POINTS);

            // Again: the series has moved past every point but its last (LATE), and holds the last (dropped).
            assertThat(run("dead-letters", "replay", "--reason", "BAD_TIMESTAMP", cluster))
                    .contains("replayed " + POINTS + " record(s)");
            List<ConsumerRecord<byte[], dev.nowcast.avro.DeadLetter>> letters = fixture.readDeadLetters(2 * POINTS - 1);
            assertThat(letters.stream().filter(r -> r.value().getReason() == DeadLetterReason.LATE)).hasSize(POINTS - 1);
            assertThat(predictionsOf(fixture, old.key(), 2 * POINTS)).as("nothing forecast twice").isEqualTo(POINTS);
        }
    }

    private static long predictionsOf(StreamAppFixture fixture, String key, int expectedInTopic) {
        return fixture.readPredictions(expectedInTopic).stream().filter(r -> r.key().equals(key)).count();
    }

    private static Series shifted(Series s, long byMillis) {
        long[] ts = s.timestamps().clone();
        for (int i = 0; i < ts.length; i++) {
            ts[i] += byMillis;
        }
        return new Series(s.key(), ts, s.values());
    }

    private static String run(String command, String sub, Object... args) {
        List<String> all = new ArrayList<>(List.of(command, sub));
        for (Object a : args) {
            if (a instanceof String[] many) {
                all.addAll(List.of(many));
            } else {
                all.add((String) a);
            }
        }
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Nowcast.commandLine().setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true))
                .execute(all.toArray(String[]::new));
        assertThat(code).as(err.toString()).isZero();
        return out.toString();
    }
}
