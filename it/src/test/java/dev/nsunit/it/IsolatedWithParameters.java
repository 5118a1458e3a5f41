package dev.nsunit.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import dev.nsunit.IsolatedUts;

/**
 * What ConsoleLauncherIT runs outside Maven, as Gradle would run a user's test: isolated, with a JVM argument that
 * only nsunit's {@code nsunit.child.jvmArgs} parameter can have given its child. (Its name matches neither
 * Surefire's nor Failsafe's patterns: it runs only when selected.)
 */
@IsolatedUts(hostname = "launched")
class IsolatedWithParameters {

    @Test
    void runsIsolatedWithTheParametersOfItsRun() throws Exception {
        assertEquals("launched", Files.readString(Path.of("/proc/sys/kernel/hostname")).strip());
        String greeting = System.getProperty("nsunit.it.greeting");
        assertNotNull(greeting, "the child's system property nsunit.it.greeting, from nsunit.child.jvmArgs");
        System.out.println("GREETING=" + greeting);
    }
}
