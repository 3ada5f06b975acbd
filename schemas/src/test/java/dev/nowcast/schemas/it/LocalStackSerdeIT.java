package dev.nowcast.schemas.it;

import dev.nowcast.testsupport.LocalStackTest;

/** {@link SerdeSuite} against the in-JVM KRaft broker and the Apicurio registry child process. */
@LocalStackTest
class LocalStackSerdeIT extends SerdeSuite {
}
