package dev.nowcast.trainer.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;

import picocli.CommandLine;

/** One command-line run with captured output and an empty environment. */
record CommandRun(int exitCode, String out, String err) {
    static CommandRun of(TrainerCommand command, String... args) {
        command.environment(Map.of());
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = new CommandLine(command).setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true))
                .execute(args);
        return new CommandRun(code, out.toString(), err.toString());
    }
}
