package dev.nowcast.schemas.it;

import dev.nowcast.testsupport.LocalStackTest;

/** {@link RegistryClientSuite} against the Apicurio registry child process. */
@LocalStackTest
class LocalStackRegistryClientIT extends RegistryClientSuite {
}
