package dev.nowcast.schemas.it;

import org.junit.jupiter.api.extension.ExtendWith;
import org.testcontainers.junit.jupiter.Testcontainers;

import dev.nowcast.testsupport.ContainerStackExtension;

/** {@link ConfluentInteropSuite} through apache/kafka and Confluent's schema registry; skipped without Docker. */
@Testcontainers(disabledWithoutDocker = true)
@ExtendWith(ContainerStackExtension.class)
class ContainerStackConfluentInteropIT extends ConfluentInteropSuite {
}
