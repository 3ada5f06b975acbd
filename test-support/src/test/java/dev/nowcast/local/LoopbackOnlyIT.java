package dev.nowcast.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.nowcast.testsupport.LocalStackTest;
import dev.nowcast.testsupport.TestKafka;
import dev.nowcast.testsupport.TestRegistry;

/**
 * Nothing the local stack starts listens on anything but 127.0.0.1: checked from the kernel's socket tables
 * ({@code /proc/net/tcp*}) for every listening socket of this JVM and its child processes (the registry, a broker
 * process), while all of them run.
 */
@LocalStackTest
class LoopbackOnlyIT {

    private static final String LISTEN = "0A";

    @Test
    void everyListeningSocketOfTheStackIsOnLoopback(TestKafka kafka, TestRegistry registry) throws IOException {
        assumeTrue(Files.isReadable(Path.of("/proc/net/tcp")), "needs Linux's /proc");
        try (KafkaBrokerProcess child = KafkaBrokerProcess.builder().heap("256m").build().start()) {
            Set<String> inodes = socketInodesOfThisProcessTree();
            List<String> listening = new ArrayList<>();
            for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
                List<String> lines = Files.readAllLines(Path.of(table));
                for (String line : lines.subList(1, lines.size())) {
                    String[] f = line.trim().split("\\s+");
                    if (f[3].equals(LISTEN) && inodes.contains(f[9])) {
                        listening.add(address(f[1]));
                    }
                }
            }
            // The in-JVM broker (client and controller ports), the broker process (two more), the registry.
            assertThat(listening.size()).isGreaterThanOrEqualTo(5);
            assertThat(listening).allSatisfy(a -> assertThat(a).startsWith("127.0.0.1:"));
            assertThat(listening).contains("127.0.0.1:" + kafka.bootstrapServers().split(":")[1],
                    "127.0.0.1:" + child.bootstrapServers().split(":")[1]);
        }
    }

    /** The socket inodes open in this JVM and all its descendants. */
    private static Set<String> socketInodesOfThisProcessTree() {
        Set<String> inodes = new HashSet<>();
        List<Long> pids = new ArrayList<>();
        pids.add(ProcessHandle.current().pid());
        ProcessHandle.current().descendants().forEach(p -> pids.add(p.pid()));
        for (long pid : pids) {
            try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "fd"))) {
                for (Path fd : fds) {
                    try {
                        String target = Files.readSymbolicLink(fd).toString();
                        if (target.startsWith("socket:[")) {
                            inodes.add(target.substring(8, target.length() - 1));
                        }
                    } catch (IOException closedMeanwhile) {
                        // a descriptor closed while we looked
                    }
                }
            } catch (IOException goneMeanwhile) {
                // a process that exited while we looked
            }
        }
        return inodes;
    }

    /** {@code 0100007F:1F90} (tcp) or the 32-hex-digit tcp6 form, as {@code a.b.c.d:port}. */
    private static String address(String hex) {
        String[] parts = hex.split(":");
        int port = Integer.parseInt(parts[1], 16);
        String ip = parts[0];
        if (ip.length() == 32) {
            // Four 32-bit words, each in host byte order: IPv4-mapped IPv6 (::ffff:a.b.c.d) reads
            // 00000000 00000000 FFFF0000 <a.b.c.d as in tcp>; anything else is a real IPv6 address.
            boolean mapped = ip.substring(0, 16).equals("0000000000000000") && ip.substring(16, 24).equals("FFFF0000");
            if (!mapped) {
                return "[" + ip + "]:" + port;
            }
            ip = ip.substring(24);
        }
        Map<Integer, Integer> bytes = new HashMap<>();
        for (int i = 0; i < 4; i++) {
            bytes.put(i, Integer.parseInt(ip.substring(2 * i, 2 * i + 2), 16));
        }
        // /proc prints the address in host (little-endian) byte order.
        return bytes.get(3) + "." + bytes.get(2) + "." + bytes.get(1) + "." + bytes.get(0) + ":" + port;
    }
}
