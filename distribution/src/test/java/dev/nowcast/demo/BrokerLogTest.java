package dev.nowcast.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;

class BrokerLogTest {

    @Test
    void theBrokersAndClientsLinesGoToTheFileOnlyUntilClosed(@TempDir Path dir) throws Exception {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> console = new ListAppender<>();
        console.start();
        root.addAppender(console);
        try {
            Path file = dir.resolve("kafka.log");
            try (BrokerLog log = BrokerLog.toFile(file)) {
                assertThat(log.file()).isEqualTo(file);
                LoggerFactory.getLogger("kafka.server.ReplicaManager").error("Invalid sequence number for producer 7");
                LoggerFactory.getLogger("org.apache.kafka.clients.producer.internals.Sender").info("sent");
                LoggerFactory.getLogger("state.change.logger").info("leader elected");
                LoggerFactory.getLogger("dev.nowcast.demo.Demo").error("the demo's own");
            }
            assertThat(Files.readString(file)).contains("ERROR [").contains("kafka.server.ReplicaManager")
                    .contains("Invalid sequence number for producer 7").contains("sent").contains("leader elected")
                    .doesNotContain("the demo's own");
            assertThat(console.list).extracting(ILoggingEvent::getFormattedMessage)
                    .contains("the demo's own").doesNotContain("Invalid sequence number for producer 7", "sent");

            LoggerFactory.getLogger("kafka.server.ReplicaManager").error("after the demo");
            assertThat(Files.readString(file)).doesNotContain("after the demo");
            assertThat(console.list).extracting(ILoggingEvent::getFormattedMessage).contains("after the demo");
        } finally {
            root.detachAppender(console);
        }
    }
}
