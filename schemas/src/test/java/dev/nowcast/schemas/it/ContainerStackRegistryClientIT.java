package dev.nowcast.schemas.it;

import org.junit.jupiter.api.extension.ExtendWith;
import org.testcontainers.junit.jupiter.Testcontainers;

import dev.nowcast.testsupport.ContainerStackExtension;

/** {@link RegistryClientSuite} against Confluent's schema registry image; skipped without Docker. */
@Testcontainers(disabledWithoutDocker = true)
@ExtendWith(ContainerStackExtension.class)
class ContainerStackRegistryClientIT extends RegistryClientSuite {
}
