package dev.nowcast.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;

class KafkaBrokerProcessTest {

    @Test
    void killedBrokerComesBackOnSamePortWithItsTopics() throws Exception {
        try (KafkaBrokerProcess broker = KafkaBrokerProcess.builder().heap("512m")
                // The restarted controller waits out the killed broker's session before it re-registers.
                .brokerProperty("broker.session.timeout.ms", "2000")
                .brokerProperty("broker.heartbeat.interval.ms", "500")
                .build().start()) {
            long firstPid = broker.pid();
            assertThat(ProcessHandle.of(firstPid)).isPresent();
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
                admin.createTopics(List.of(new NewTopic("kept", 2, (short) 1))).all().get();
            }
            broker.kill();
            assertThat(ProcessHandle.of(firstPid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
            broker.start();
            assertThat(broker.pid()).isNotEqualTo(firstPid);
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
                Set<String> names = admin.listTopics().names().get();
                assertThat(names).contains("kept");
            }
        }
    }
}
