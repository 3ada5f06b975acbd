package dev.nowcast.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import picocli.CommandLine;

/** What the user sees from the {@code nowcast} command line when something is wrong, and -V everywhere. */
class NowcastCommandLineTest {

    private record Run(int exitCode, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine line = Nowcast.commandLine().setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true));
        int code = line.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"train", "evaluate", "suite", "replay", "keygen", "stream", "demo", "dead-letters list"})
    void aBadOptionPrintsTheErrorAndWhereToLookNotTheWholeUsage(String command) {
        Run run = run((command + " --hiden-size 3").split(" "));

        assertThat(run.exitCode()).isEqualTo(2);
        // A missing required option may be what picocli reports first; either way one line, then where to look.
        assertThat(run.err()).startsWith("nowcast " + command + ": error: ")
                .contains("Run 'nowcast " + command + " --help' for the options.").doesNotContain("Usage:");
        assertThat(run.err().lines().count()).as(run.err()).isLessThanOrEqualTo(4);
        assertThat(run.out()).isEmpty();
    }

    @org.junit.jupiter.api.Test
    void aMistypedOptionGetsASuggestion() {
        Run run = run("train", "--model", "m", "--csv", "x.csv", "--hiden-size", "3");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith("nowcast train: error: Unknown options: '--hiden-size', '3'")
                .contains("Possible solutions: --hidden-size").endsWith("Run 'nowcast train --help' for the options." + System.lineSeparator());
    }

    @ParameterizedTest
    @ValueSource(strings = {"train", "evaluate", "suite", "replay", "keygen", "stream", "demo", "dead-letters",
            "dead-letters list", "dead-letters replay"})
    void everyCommandPrintsTheVersion(String command) {
        Run run = run((command + " -V").split(" "));

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).startsWith("nowcast ");
    }

    @org.junit.jupiter.api.Test
    void aBadSettingHasTheSamePrefixInEveryCommand() {
        Run stream = run("stream", "--set", "nowcast.http.prot=8081");
        Run train = run("train", "--model", "m", "--csv", "x.csv", "--set", "nowcast.bootstrap.server=x:1");

        assertThat(stream.exitCode()).isEqualTo(2);
        assertThat(stream.err()).startsWith("nowcast stream: error: bad setting nowcast.http.prot: unknown setting"
                + " (did you mean nowcast.http.port?)");
        assertThat(train.exitCode()).isEqualTo(2);
        assertThat(train.err()).startsWith("nowcast train: error: bad setting nowcast.bootstrap.server: unknown"
                + " setting (did you mean nowcast.bootstrap.servers?)");
    }

    @org.junit.jupiter.api.Test
    void everyCommandsHelpFormatsWithoutWarnings() {
        java.io.PrintStream stderr = System.err;
        java.io.ByteArrayOutputStream warnings = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(warnings, true));
        try {
            usageOfEvery(Nowcast.commandLine());
        } finally {
            System.setErr(stderr);
        }
        assertThat(warnings.toString()).as("picocli's warnings (an unescaped %% in a description...)").isEmpty();
    }

    private static void usageOfEvery(CommandLine line) {
        line.usage(new PrintWriter(new StringWriter()));
        line.getSubcommands().values().forEach(NowcastCommandLineTest::usageOfEvery);
    }
}
