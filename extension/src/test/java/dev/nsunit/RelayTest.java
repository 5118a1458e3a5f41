package dev.nsunit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.testkit.engine.EngineExecutionResults;

import dev.nsunit.support.EventLog;
import dev.nsunit.support.Fixtures;
import dev.nsunit.support.NeedsNamespaces;
import dev.nsunit.support.HostUnchanged;

/** Output and report entries come back to the parent; nothing the test writes can disturb the relay. */
@NeedsNamespaces
@ExtendWith(HostUnchanged.class)
class RelayTest {

    @Test
    void standardOutputAndErrorReachTheParentsSystemStreams() throws Exception {
        Captured captured = capture(() -> Fixtures.run(Prints.class).testEvents()
                .assertStatistics(stats -> stats.succeeded(1)));

        assertThat(captured.out()).contains("from System.out\n", "from a subprocess\n");
        assertThat(captured.err()).contains("from System.err\n", "from a subprocess to stderr\n");
    }

    @Test
    void outputArrivesLineByLineWhileTheTestIsStillRunning() throws Exception {
        List<Long> arrivals = new CopyOnWriteArrayList<>();
        PrintStream original = System.out;
        System.setOut(new PrintStream(new OutputStream() {
            @Override
            public void write(int b) {
                if (b == '\n') {
                    arrivals.add(System.nanoTime());
                }
            }
        }, true));
        long finished;
        try {
            Fixtures.run(PrintsThenWaits.class).testEvents().assertStatistics(stats -> stats.succeeded(1));
            finished = System.nanoTime();
        }
        finally {
            System.setOut(original);
        }
        assertThat(arrivals).isNotEmpty();
        assertThat((finished - arrivals.get(0)) / 1_000_000).as("ms between the first line and the end of the test")
                .isGreaterThan(1_000);
    }

    @Test
    void garbageWrittenToTheOutputDescriptorsCannotCorruptTheResult() throws Exception {
        capture(() -> Fixtures.run(WritesGarbage.class).testEvents().assertStatistics(stats -> stats.succeeded(1)));
    }

    @Test
    void reportEntriesPublishedInTheChildReachTheParent() {
        EngineExecutionResults results = Fixtures.run(PublishesEntry.class);

        results.testEvents().assertStatistics(stats -> stats.succeeded(1));
        assertThat(results.allEvents().reportingEntryPublished().stream()
                .map(event -> event.getRequiredPayload(ReportEntry.class).getKeyValuePairs()))
                .containsExactly(Map.of("hostname", "reporter"));
    }

    @Test
    void filesPublishedInTheChildReachTheParent() throws Exception {
        EngineExecutionResults results = Fixtures.run(PublishesFile.class);

        results.testEvents().assertStatistics(stats -> stats.succeeded(1));
        assertThat(results.allEvents().fileEntryPublished().stream()
                .map(event -> event.getRequiredPayload(org.junit.platform.engine.reporting.FileEntry.class)))
                .singleElement().satisfies(file -> {
                    assertThat(file.getPath()).hasFileName("hostname.txt").content().isEqualTo("file-reporter\n");
                    assertThat(file.getMediaType()).contains("text/plain; charset=UTF-8");
                    java.nio.file.Files.delete(file.getPath());
                });
    }

    @Test
    void aTestThatClosesSystemOutPassesAsInPlace() throws Exception {
        Captured captured = capture(() -> Fixtures.run(ClosesSystemOut.class).testEvents()
                .assertStatistics(stats -> stats.succeeded(1).failed(0)));

        assertThat(captured.out()).as("what it printed before").contains("last words\n");
    }

    @Test
    void aTestThatClosesSystemErrPassesAsInPlace() throws Exception {
        Captured captured = capture(() -> Fixtures.run(ClosesSystemErr.class).testEvents()
                .assertStatistics(stats -> stats.succeeded(1).failed(0)));

        assertThat(captured.err()).as("what it printed before").contains("last words\n");
    }

    @Test
    void afterATestClosesSystemOutAndErrTheNextTestIsReportedStartedWhileItRuns() throws Exception {
        List<String> results = new CopyOnWriteArrayList<>();
        try (EventLog log = EventLog.create()) {
            org.junit.platform.launcher.core.LauncherFactory.create().execute(
                    org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder.request()
                            .selectors(org.junit.platform.engine.discovery.DiscoverySelectors.selectClass(
                                    ClosesBothThenWaitsToBeSeen.class))
                            .build(),
                    new org.junit.platform.launcher.TestExecutionListener() {
                        @Override
                        public void executionStarted(org.junit.platform.launcher.TestIdentifier node) {
                            if (node.isTest()) {
                                EventLog.record("started " + node.getDisplayName());
                            }
                        }

                        @Override
                        public void executionFinished(org.junit.platform.launcher.TestIdentifier node,
                                org.junit.platform.engine.TestExecutionResult result) {
                            if (node.isTest()) {
                                results.add(node.getDisplayName() + " " + result.getStatus()
                                        + result.getThrowable().map(thrown -> " " + thrown).orElse(""));
                            }
                        }
                    });
        }
        assertThat(results).containsExactly("closesBoth() SUCCESSFUL", "waitsToBeSeen() SUCCESSFUL");
    }

    static class ClosesSystemErr {
        @Test
        @IsolatedUts
        void closes() {
            System.err.println("last words");
            System.err.close();
        }
    }

    @IsolatedUts
    @IsolatedPerClass
    @org.junit.jupiter.api.TestMethodOrder(org.junit.jupiter.api.MethodOrderer.OrderAnnotation.class)
    static class ClosesBothThenWaitsToBeSeen {
        @Test
        @org.junit.jupiter.api.Order(1)
        void closesBoth() {
            System.out.close();
            System.err.close();
        }

        @Test
        @org.junit.jupiter.api.Order(2)
        void waitsToBeSeen() throws Exception {
            // Reported started only once the child's output fences arrive: if closing the streams stopped them,
            // the test JVM would hear of this test only after the child's exit, and this would wait in vain.
            java.nio.file.Path log = java.nio.file.Path.of(System.getProperty(EventLog.PROPERTY));
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
            while (!java.nio.file.Files.readString(log).contains(" started waitsToBeSeen()\n")) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("The test JVM did not see this test start");
                }
                Thread.sleep(20);
            }
        }
    }

    @Test
    void aLongLineArrivesWholeAndOnceWithEveryCharacterIntact() throws Exception {
        StringBuilder written = new StringBuilder();
        PrintStream original = System.out;
        // As Surefire's capture does, each write is decoded on its own: a character cut in two would not survive.
        System.setOut(new PrintStream(new OutputStream() {
            @Override
            public void write(int b) {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] bytes, int offset, int length) {
                synchronized (written) {
                    written.append(new String(bytes, offset, length, StandardCharsets.UTF_8));
                }
            }
        }, true, StandardCharsets.UTF_8));
        try {
            Fixtures.run(PrintsALongLine.class).testEvents().assertStatistics(stats -> stats.succeeded(1));
        }
        finally {
            System.setOut(original);
        }
        String out = written.toString();
        String line = PrintsALongLine.line();
        int at = out.indexOf(line + "\n");
        // Booleans, not the strings: a failure would print megabytes.
        assertThat(at).as("where the line and its line feed are, in %d characters printed", out.length())
                .isNotNegative();
        assertThat(out.indexOf(line, at + 1)).as("where the line is again").isNegative();
        assertThat(out.indexOf('\uFFFD')).as("where a character was cut in two").isNegative();
    }

    @Test
    void garbageWrittenToTheRelayDescriptorFailsTheTestAtOnceAndKillsTheChild() throws Exception {
        try (EventLog log = EventLog.create()) {
            // Were the garbage not seen for what it is, the test would fail after this timeout, saying so.
            Throwable thrown = ChildFailureTest.failureOf(Fixtures.run(WritesGarbageToTheRelay.class,
                    Map.of("nsunit.timeout", "2 m")));

            assertThat(thrown).isInstanceOf(IllegalStateException.class).message().matches(
                    "The relay from the child JVM \\(pid \\d+\\) made no sense: a frame must begin with the bytes "
                            + "00 6e 73 1e, and these began with 03000000\\. The test, or something it ran, wrote to "
                            + "nsunit's relay descriptor \\(fd 3 of the child JVM\\); the child and every process it "
                            + "started were killed");
            long sleeper = Long.parseLong(log.lines().get(0).split(" ")[1]);
            assertThat(ProcessHandle.of(sleeper).filter(ProcessHandle::isAlive)).as("process " + sleeper).isEmpty();
        }
    }

    @Test
    void aFrameOnTheRelayThatIsNoMessageFailsTheTestAtOnce() {
        Throwable thrown = ChildFailureTest.failureOf(Fixtures.run(WritesAStringFrameToTheRelay.class,
                Map.of("nsunit.timeout", "2 m")));

        assertThat(thrown).isInstanceOf(IllegalStateException.class).message()
                .contains(") made no sense: a frame of " + serializedString().length + " bytes is not a message: "
                        + "its first byte, 172, is the tag of no message")
                .endsWith(". The test, or something it ran, wrote to nsunit's relay descriptor (fd 3 of the child "
                        + "JVM); the child and every process it started were killed");
    }

    static class PrintsALongLine {
        /** 3 MB without a line feed, of characters of 1, 2, 3 and 4 bytes in UTF-8. */
        static String line() {
            return "a\u00e9\u20ac\ud83d\ude00".repeat(300_000);
        }

        @Test
        @IsolatedUts
        void printsIt() throws Exception {
            // Its bytes, whatever the child's default encoding.
            System.out.write((line() + "\n").getBytes(StandardCharsets.UTF_8));
            System.out.flush();
        }
    }

    /** 48 MiB as a frame's length, as the issue saw; now the marker every frame begins with is missing. */
    static class WritesGarbageToTheRelay {
        @Test
        @IsolatedUts
        void writesALengthAndNothingElse() throws Exception {
            Process sleeper = new ProcessBuilder("sleep", "600").start();
            EventLog.record(Long.toString(sleeper.pid()));
            try (var relay = new java.io.DataOutputStream(new FileOutputStream("/proc/self/fd/3"))) {
                relay.writeInt(48 * 1024 * 1024);
            }
            Thread.sleep(600_000);
        }
    }

    static class WritesAStringFrameToTheRelay {
        @Test
        @IsolatedUts
        void writesAFrameOfTheWrongType() throws Exception {
            byte[] frame = serializedString();
            try (var relay = new java.io.DataOutputStream(new FileOutputStream("/proc/self/fd/3"))) {
                relay.writeInt(0x006E731E);
                relay.writeInt(frame.length);
                relay.write(frame);
            }
            Thread.sleep(600_000);
        }
    }

    static byte[] serializedString() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (var objects = new java.io.ObjectOutputStream(bytes)) {
            objects.writeObject("not a message");
        }
        catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static class ClosesSystemOut {
        @Test
        @IsolatedUts
        void closes() {
            // A common accident: try-with-resources around a stream that wraps System.out.
            System.out.println("last words");
            System.out.close();
        }
    }

    static class Prints {
        @Test
        @IsolatedUts
        void prints() throws Exception {
            System.out.println("from System.out");
            System.err.println("from System.err");
            Process process = new ProcessBuilder("sh", "-c", "echo from a subprocess; echo from a subprocess to stderr >&2")
                    .inheritIO().start();
            process.waitFor();
        }
    }

    static class PrintsThenWaits {
        @Test
        @IsolatedUts
        void printsEarly() throws Exception {
            System.out.println("early");
            Thread.sleep(1_500);
        }
    }

    static class WritesGarbage {
        @Test
        @IsolatedUts
        void scribbles() throws Exception {
            byte[] garbage = new byte[4096];
            new java.util.Random(7).nextBytes(garbage);
            // Bypass System.out: straight to descriptors 1 and 2, as native code would.
            new FileOutputStream(FileDescriptor.out).write(garbage);
            new FileOutputStream(FileDescriptor.err).write(garbage);
            new ProcessBuilder("sh", "-c", "head -c 65536 /dev/urandom; head -c 65536 /dev/urandom >&2")
                    .inheritIO().start().waitFor();
        }
    }

    static class PublishesEntry {
        @Test
        @IsolatedUts(hostname = "reporter")
        void publishes(TestReporter reporter) throws Exception {
            reporter.publishEntry("hostname", java.nio.file.Files.readString(java.nio.file.Path.of(
                    "/proc/sys/kernel/hostname")).strip());
        }
    }

    static class PublishesFile {
        @Test
        @IsolatedUts(hostname = "file-reporter")
        void publishes(TestReporter reporter) {
            reporter.publishFile("hostname.txt", org.junit.jupiter.api.MediaType.TEXT_PLAIN_UTF_8,
                    path -> java.nio.file.Files.writeString(path, java.nio.file.Files.readString(
                            java.nio.file.Path.of("/proc/sys/kernel/hostname"))));
        }
    }

    private record Captured(String out, String err) {
    }

    private interface Action {
        void run() throws Exception;
    }

    private static Captured capture(Action action) throws Exception {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
        ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
        System.setOut(new PrintStream(outBytes, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(errBytes, true, StandardCharsets.UTF_8));
        try {
            action.run();
        }
        finally {
            System.setOut(out);
            System.setErr(err);
        }
        return new Captured(outBytes.toString(StandardCharsets.UTF_8), errBytes.toString(StandardCharsets.UTF_8));
    }
}
