package dev.nowcast.testsupport;

import org.junit.jupiter.api.extension.ExtendWith;
import org.testcontainers.junit.jupiter.Testcontainers;

/** The smoke suite against apache/kafka and Confluent's schema registry images; skipped without Docker. */
@Testcontainers(disabledWithoutDocker = true)
@ExtendWith(ContainerStackExtension.class)
class ContainerStackSmokeIT extends StackSmokeSuite {
}
