package dev.nsunit.docs.coverage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Main code that only an isolated test calls ({@code CoveredInAChildTest}), so only a child JVM ever runs it: if
 * JaCoCo's report counts its lines as covered, the child's agent recorded them ({@code CoverageIT} checks).
 */
public final class Greeting {

    private Greeting() {
    }

    /** A greeting that names the host it runs on, as the kernel of its UTS namespace names it. */
    public static String fromThisHost() throws IOException {
        String hostname = Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
        return "Hello from " + hostname;
    }
}
