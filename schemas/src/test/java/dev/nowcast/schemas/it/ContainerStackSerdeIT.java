package dev.nowcast.schemas.it;

import org.junit.jupiter.api.extension.ExtendWith;
import org.testcontainers.junit.jupiter.Testcontainers;

import dev.nowcast.testsupport.ContainerStackExtension;

/** {@link SerdeSuite} against apache/kafka and Confluent's schema registry images; skipped without Docker. */
@Testcontainers(disabledWithoutDocker = true)
@ExtendWith(ContainerStackExtension.class)
class ContainerStackSerdeIT extends SerdeSuite {
}
