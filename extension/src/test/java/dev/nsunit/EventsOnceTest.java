package dev.nsunit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;

import dev.nsunit.support.EventLog;
import dev.nsunit.support.FixtureRunner;
import dev.nsunit.support.HostUnchanged;
import dev.nsunit.support.Java;
import dev.nsunit.support.NeedsNamespaces;

/**
 * Each event reaches the user once: a {@code TestExecutionListener} registered through {@code ServiceLoader} runs in
 * the test JVM, where every event of the children is reported to it, and not again in the children.
 */
@NeedsNamespaces
@ExtendWith(HostUnchanged.class)
class EventsOnceTest {

    @Test
    void aListenerFoundThroughServiceLoaderSeesEachIsolatedTestOnceInTheTestJvm(@TempDir Path services)
            throws Exception {
        Path registration = services.resolve("META-INF/services/" + TestExecutionListener.class.getName());
        Files.createDirectories(registration.getParent());
        Files.writeString(registration, Recording.class.getName() + "\n");
        // Readable by nobody but root is fine: the fixture JVM and its children run as root.
        try (EventLog log = EventLog.create()) {
            Java.run(Java.command(List.of(), List.of("-D" + EventLog.PROPERTY + "=" + System.getProperty(
                    EventLog.PROPERTY)), services + File.pathSeparator + System.getProperty("java.class.path"),
                    FixtureRunner.class, TwoTests.class.getName()));

            List<String> lines = log.lines();
            List<String> testPids = lines.stream().filter(line -> line.endsWith(" test"))
                    .map(line -> line.split(" ")[0]).toList();
            assertThat(testPids).hasSize(2);
            assertThat(lines).filteredOn(line -> line.contains(" listener-finished ")).extracting(
                    line -> line.split(" ", 2)[1]).containsExactlyInAnyOrder("listener-finished first()",
                            "listener-finished second()");
            assertThat(lines).filteredOn(line -> line.contains(" listener-finished ")).extracting(
                    line -> line.split(" ")[0]).doesNotContainAnyElementsOf(testPids);
        }
    }

    /** Registered through {@code ServiceLoader} in the fixture JVM's class path, which its children share. */
    public static final class Recording implements TestExecutionListener {

        @Override
        public void executionFinished(TestIdentifier node, TestExecutionResult result) {
            if (node.isTest() && System.getProperty(EventLog.PROPERTY) != null) {
                EventLog.record("listener-finished " + node.getDisplayName());
            }
        }
    }

    @IsolatedUts
    static class TwoTests {

        @Test
        void first() {
            EventLog.record("test");
        }

        @Test
        void second() {
            EventLog.record("test");
        }
    }
}
