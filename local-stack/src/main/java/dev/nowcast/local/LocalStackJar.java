package dev.nowcast.local;

import java.net.URISyntaxException;
import java.nio.file.Path;

/** Where this module's classes are (a jar, or target/classes in a build), to put on a child's class path. */
final class LocalStackJar {

    private LocalStackJar() {
    }

    static String location() {
        try {
            return Path.of(LocalStackJar.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException("Cannot locate the nowcast-local-stack classes", e);
        }
    }
}
