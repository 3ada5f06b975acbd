package dev.nowcast.testsupport;

/** The smoke suite against the in-JVM KRaft broker and the Apicurio registry child process. */
@LocalStackTest
class LocalStackSmokeIT extends StackSmokeSuite {
}
