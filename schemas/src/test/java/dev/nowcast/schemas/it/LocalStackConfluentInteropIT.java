package dev.nowcast.schemas.it;

import dev.nowcast.testsupport.LocalStackTest;

/** {@link ConfluentInteropSuite} through the in-JVM broker and the Apicurio registry. */
@LocalStackTest
class LocalStackConfluentInteropIT extends ConfluentInteropSuite {
}
