package dev.nsunit.internal.launch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * How a file of the cache directory is written: whole, into a file beside it that is then renamed over it, so that
 * a reader (a child, another test JVM of the same build) meets the old file or the new one, never half of one. The
 * file beside it is named for this JVM's pid, not at random, since a random name would initialise the security
 * providers (tens of milliseconds) in a JVM that may have no other use for them.
 */
final class CacheFile {

    private CacheFile() {
    }

    static void replace(Path file, List<String> lines) throws IOException {
        replace(file, partial -> Files.write(partial, lines));
    }

    static void replace(Path file, byte[] content) throws IOException {
        replace(file, partial -> Files.write(partial, content));
    }

    private static void replace(Path file, Writer writer) throws IOException {
        Path partial = file.resolveSibling(file.getFileName() + "." + ProcessHandle.current().pid() + ".partial");
        try {
            writer.write(partial);
            Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }
        finally {
            Files.deleteIfExists(partial);
        }
    }

    private interface Writer {
        void write(Path partial) throws IOException;
    }
}
