package dev.nowcast.bench.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** What the kernel accounts to another process, read from outside it (Linux {@code /proc}). */
final class ProcessStats {

    private ProcessStats() {
    }

    /** User plus system CPU time of every thread of {@code pid} so far (10 ms resolution), or zero if unknown. */
    static Duration cpuTime(long pid) {
        return ProcessHandle.of(pid).flatMap(p -> p.info().totalCpuDuration()).orElse(Duration.ZERO);
    }

    /** Resident set size of {@code pid} in bytes, or -1 if the process is gone. */
    static long residentBytes(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
            return -1;
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }
}
