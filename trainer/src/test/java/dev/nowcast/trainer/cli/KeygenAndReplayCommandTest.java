package dev.nowcast.trainer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.nowcast.model.snapshot.PemKeys;
import dev.nowcast.trainer.signing.SigningKey;
import dev.nowcast.trainer.testing.TestData;

class KeygenAndReplayCommandTest {
    @TempDir
    Path dir;

    @Test
    void keygenWritesAMatchingPairAndPrintsTheKeyId() throws Exception {
        Path privateKey = dir.resolve("keys/signing.pem");
        Path publicKey = dir.resolve("keys/verification.pem");

        CommandRun run = CommandRun.of(new KeygenCommand(), "--private-key", privateKey.toString(), "--public-key",
                publicKey.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        SigningKey key = SigningKey.load(privateKey, null);
        assertThat(key.publicKey()).isEqualTo(PemKeys.readPublicKey(publicKey));
        assertThat(run.out()).contains("key id:      " + key.keyId())
                .contains("--set nowcast.snapshot.verification-key=" + publicKey);
    }

    @Test
    void keygenNeverReplacesKeysUnlessForced() throws Exception {
        Path privateKey = dir.resolve("signing.pem");
        Path publicKey = dir.resolve("verification.pem");
        String[] args = {"--private-key", privateKey.toString(), "--public-key", publicKey.toString()};
        CommandRun.of(new KeygenCommand(), args);
        String before = Files.readString(privateKey);

        CommandRun again = CommandRun.of(new KeygenCommand(), args);
        assertThat(again.exitCode()).isEqualTo(2);
        assertThat(again.err()).contains(privateKey + " exists; pass --force to replace it");
        assertThat(Files.readString(privateKey)).isEqualTo(before);

        List<String> forced = new ArrayList<>(List.of(args));
        forced.add("--force");
        assertThat(CommandRun.of(new KeygenCommand(), forced.toArray(String[]::new)).exitCode()).isZero();
        assertThat(Files.readString(privateKey)).isNotEqualTo(before);
        assertThat(CommandRun.of(new KeygenCommand(), "--private-key", privateKey.toString(), "--public-key",
                privateKey.toString(), "--force").err()).contains("must be different files");
    }

    @Test
    void replayUsageErrors() {
        String csv = TestData.flights().toString();

        CommandRun noTopic = CommandRun.of(new ReplayCommand(), "--csv", csv);
        CommandRun both = CommandRun.of(new ReplayCommand(), "--csv", csv, "--topic", "t", "--speed", "10",
                "--rate", "5");
        CommandRun zero = CommandRun.of(new ReplayCommand(), "--csv", csv, "--topic", "t", "--speed", "0");
        CommandRun unknownModel = CommandRun.of(new ReplayCommand(), "--csv", csv, "--model", "flights");
        CommandRun missing = CommandRun.of(new ReplayCommand(), "--csv", dir.resolve("none.csv").toString(),
                "--topic", "t");

        assertThat(List.of(noTopic, both, zero, unknownModel, missing)).extracting(CommandRun::exitCode)
                .containsOnly(2);
        assertThat(noTopic.err()).contains("give --topic, or --model to use its topic in nowcast.models");
        assertThat(both.err()).contains("--speed=FACTOR, --rate=RECORDS/S are mutually exclusive");
        assertThat(zero.err()).contains("speed must be > 0");
        assertThat(unknownModel.err()).contains("model flights has no topic in nowcast.models [sensors, prices]");
        assertThat(missing.err()).contains("no such readable file");
    }

    @Test
    void ctrlCAsksToStopFirstAndAbortsSecond() {
        List<String> calls = new ArrayList<>();
        try (CtrlC c = CtrlC.install(() -> calls.add("stop"), () -> calls.add("abort"))) {
            assertThat(c.requested()).isFalse();
            c.pressed();
            assertThat(c.requested()).isTrue();
            c.pressed();
            c.pressed();
        }
        assertThat(calls).containsExactly("stop", "abort", "abort");
    }
}
