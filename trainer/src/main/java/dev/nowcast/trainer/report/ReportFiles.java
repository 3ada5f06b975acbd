package dev.nowcast.trainer.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import dev.nowcast.trainer.job.TrainingDetails;
import dev.nowcast.trainer.job.TrainingOutcome;

/** Writes a run's reports into a directory: {@value #JSON} and {@value #HTML}. */
public final class ReportFiles {
    public static final String JSON = "report.json";
    public static final String HTML = "report.html";

    private ReportFiles() {
    }

    /** Writes both reports into {@code dir} (created if needed), replacing earlier ones. */
    public static void write(TrainingOutcome outcome, Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(JSON), TrainingDetails.JSON.writerWithDefaultPrettyPrinter()
                .writeValueAsString(TrainingReportJson.of(outcome)) + "\n", StandardCharsets.UTF_8);
        Files.writeString(dir.resolve(HTML), TrainingReportHtml.of(outcome), StandardCharsets.UTF_8);
    }
}
