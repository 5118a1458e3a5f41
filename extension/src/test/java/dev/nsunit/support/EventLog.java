package dev.nsunit.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * A file that fixtures append {@code <pid> <event>} lines to, so a specification can see which process ran what.
 * Its path travels to child JVMs as a system property, which nsunit passes on.
 */
public final class EventLog implements AutoCloseable {

    public static final String PROPERTY = "nsunit.spec.eventLog";

    private final Path file;

    private EventLog(Path file) {
        this.file = file;
    }

    public static EventLog create() throws IOException {
        Path file = Files.createTempFile("nsunit-spec-events", ".log");
        System.setProperty(PROPERTY, file.toString());
        return new EventLog(file);
    }

    /** Called by fixtures, in whatever JVM they run. */
    public static void record(String event) {
        try {
            Files.writeString(Path.of(System.getProperty(PROPERTY)), ProcessHandle.current().pid() + " " + event + "\n",
                    StandardOpenOption.APPEND);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public List<String> lines() throws IOException {
        return Files.readAllLines(file);
    }

    @Override
    public void close() throws IOException {
        System.clearProperty(PROPERTY);
        Files.deleteIfExists(file);
    }
}
