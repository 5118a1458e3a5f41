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
    void aTestThatClosesSystemOutPassesAsInPlace() {
        Fixtures.run(ClosesSystemOut.class).testEvents().assertStatistics(stats -> stats.succeeded(1).failed(0));
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
