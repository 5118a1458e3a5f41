package dev.nsunit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.testkit.engine.EventConditions.abortedWithReason;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import javax.tools.ToolProvider;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.opentest4j.AssertionFailedError;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nsunit.internal.engine.IsolationGuard;
import dev.nsunit.internal.relay.ChildThrowable;
import dev.nsunit.support.Fixtures;
import dev.nsunit.support.NeedsNamespaces;
import dev.nsunit.support.HostUnchanged;

/** The parent reports what the child saw, with the very exceptions it saw. */
@NeedsNamespaces
@ExtendWith(HostUnchanged.class)
class FailureFidelityTest {

    @Test
    void assertionFailuresKeepExpectedAndActualForIdeDiffs() {
        Throwable thrown = failureOf(Fixtures.run(FailsAssertion.class));

        assertThat(thrown).isInstanceOf(AssertionFailedError.class).hasMessageContaining("expected: <bizarro>");
        AssertionFailedError failure = (AssertionFailedError) thrown;
        assertThat(failure.getExpected().getValue()).isEqualTo("bizarro");
        assertThat(failure.getActual().getValue()).isEqualTo("vm-in-child");
        assertThat(failure.getStackTrace()).anyMatch(frame -> frame.getMethodName().equals("comparesNames"));
    }

    @Test
    void exceptionsKeepTheirTypeMessageCauseAndSuppressed() {
        Throwable thrown = failureOf(Fixtures.run(ThrowsChain.class));

        assertThat(thrown).isInstanceOf(IllegalStateException.class).hasMessage("outer");
        assertThat(thrown.getCause()).isInstanceOf(IOException.class).hasMessage("inner");
        assertThat(thrown.getSuppressed()).hasSize(1);
        assertThat(thrown.getSuppressed()[0]).isInstanceOf(UnsupportedOperationException.class)
                .hasMessage("suppressed");
        assertThat(thrown.getStackTrace()).anyMatch(frame -> frame.getMethodName().equals("throwsChain"));
    }

    @Test
    void stackTracesHoldNoFrameOfNsunitsOwnBetweenJupiterAndTheTestAsInPlace() {
        Throwable thrown = failureOf(Fixtures.run(ThrowsChain.class));

        for (Throwable each : List.of(thrown, thrown.getCause(), thrown.getSuppressed()[0])) {
            assertThat(each.getStackTrace()).as("the stack trace of %s", each)
                    .anyMatch(frame -> frame.getMethodName().equals("throwsChain"))
                    .noneMatch(frame -> frame.getClassName().startsWith("dev.nsunit.internal."));
        }
    }

    @Test
    void withStackTracePruningOffStackTracesKeepEveryFrameNsunitsOwnAmongThem() {
        Throwable thrown = failureOf(Fixtures.run(ThrowsChain.class,
                Map.of("junit.platform.stacktrace.pruning.enabled", "false")));

        assertThat(thrown.getStackTrace())
                .anyMatch(frame -> frame.getClassName().startsWith("org.junit.jupiter.engine."))
                .anyMatch(frame -> frame.getClassName().equals(IsolationGuard.class.getName()));
    }

    @Test
    void unserializableExceptionsStillArriveWithClassNameMessageAndStackTrace() {
        Throwable thrown = failureOf(Fixtures.run(ThrowsUnserializable.class));

        assertThat(thrown).isInstanceOf(ChildThrowable.class).hasMessage("cannot travel as itself")
                .hasToString(Unserializable.class.getName() + ": cannot travel as itself");
        assertThat(thrown.getStackTrace()).anyMatch(frame -> frame.getMethodName().equals("throwsUnserializable"));
        assertThat(thrown.getCause()).isInstanceOf(ChildThrowable.class).hasMessage("its cause");
    }

    @Test
    void exceptionsOfClassesTheParentLacksStillArriveWithClassNameMessageAndStackTrace() {
        Throwable thrown = failureOf(Fixtures.run(ThrowsClassOnlyTheChildHas.class));

        assertThat(thrown).isInstanceOf(ChildThrowable.class)
                .hasToString("only.in.child.GhostException: boo");
        assertThat(((ChildThrowable) thrown).getOriginalClassName()).isEqualTo("only.in.child.GhostException");
        assertThat(thrown.getStackTrace()).anyMatch(frame -> frame.getMethodName().equals("throwsGhost"));
    }

    @Test
    void failedAssumptionsAbortTheTestWithTheirReason() {
        Fixtures.run(FailsAssumption.class).testEvents().assertThatEvents().haveExactly(1,
                event(test(), abortedWithReason(message("Assumption failed: not today"))));
    }

    @Test
    void anOutOfMemoryErrorIsTheFailureOfTheTestThatRanOutOfMemory() {
        // A small heap, so the error comes at once.
        Throwable thrown = failureOf(Fixtures.run(RunsOutOfMemory.class, Map.of("nsunit.child.jvmArgs", "-Xmx32m")));

        assertThat(thrown).isExactlyInstanceOf(OutOfMemoryError.class).hasMessage("Java heap space");
        assertThat(thrown.getStackTrace()).anyMatch(frame -> frame.getMethodName().equals("allocates"));
    }

    private static Throwable failureOf(EngineExecutionResults results) {
        results.testEvents().assertStatistics(stats -> stats.failed(1));
        return results.testEvents().failed().stream().findFirst().orElseThrow()
                .getPayload(TestExecutionResult.class).orElseThrow().getThrowable().orElseThrow();
    }

    static class FailsAssertion {
        @Test
        @IsolatedUts(hostname = "vm-in-child")
        void comparesNames() throws Exception {
            assertEquals("bizarro", Files.readString(Path.of("/proc/sys/kernel/hostname")).strip());
        }
    }

    static class ThrowsChain {
        @Test
        @IsolatedUts
        void throwsChain() {
            IllegalStateException outer = new IllegalStateException("outer", new IOException("inner"));
            outer.addSuppressed(new UnsupportedOperationException("suppressed"));
            throw outer;
        }
    }

    static class Unserializable extends RuntimeException {
        private static final long serialVersionUID = 1L;
        @SuppressWarnings({"unused", "serial"})
        private final Object notSerializable = new Object();

        Unserializable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    static class ThrowsUnserializable {
        @Test
        @IsolatedUts
        void throwsUnserializable() {
            throw new Unserializable("cannot travel as itself", new Unserializable("its cause", null));
        }
    }

    static class ThrowsClassOnlyTheChildHas {
        @Test
        @IsolatedUts
        void throwsGhost() throws Throwable {
            Path dir = Files.createTempDirectory("nsunit-ghost");
            try {
                Path source = dir.resolve("only/in/child/GhostException.java");
                Files.createDirectories(source.getParent());
                Files.writeString(source, "package only.in.child; public class GhostException extends RuntimeException {"
                        + " public GhostException() { super(\"boo\"); } }");
                assertEquals(0, ToolProvider.getSystemJavaCompiler().run(null, null, null, source.toString()));
                try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()})) {
                    throw (Throwable) loader.loadClass("only.in.child.GhostException").getConstructor().newInstance();
                }
            }
            finally {
                deleteRecursively(dir);
            }
        }

        private static void deleteRecursively(Path dir) throws IOException {
            try (var paths = Files.walk(dir)) {
                paths.sorted((a, b) -> b.compareTo(a)).forEach(path -> {
                    try {
                        Files.delete(path);
                    }
                    catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            }
        }
    }

    static class RunsOutOfMemory {
        @Test
        @IsolatedUts
        void allocates() {
            List<long[]> hog = new java.util.ArrayList<>();
            while (true) {
                hog.add(new long[1_000_000]);
            }
        }
    }

    static class FailsAssumption {
        @Test
        @IsolatedUts
        void assumes() {
            Assumptions.assumeTrue(List.of().size() == 1, "not today");
        }
    }
}
