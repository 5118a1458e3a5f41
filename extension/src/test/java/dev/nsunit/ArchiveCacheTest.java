package dev.nsunit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import dev.nsunit.support.FixtureRunner;
import dev.nsunit.support.Java;
import dev.nsunit.support.NeedsNamespaces;
import dev.nsunit.support.ReadableClassPath;

/**
 * Class-data archives are kept where a user expects a cache: Java's user.home comes from the password database,
 * so a user whose entry names no home (nobody's is /nonexistent) gets the one HOME names. The test JVM runs as
 * nobody (uid 65534), as setpriv makes it, with HOME set to a directory of its own.
 */
@NeedsNamespaces
class ArchiveCacheTest {

    private static final List<String> AS_NOBODY = List.of("setpriv", "--reuid=65534", "--regid=65534",
            "--clear-groups", "--");

    @Test
    void aUserWhosePasswordEntryNamesNoHomeKeepsArchivesUnderHome() throws Exception {
        Path home = Files.createTempDirectory("nsunit-spec-home");
        try (ReadableClassPath classPath = ReadableClassPath.copyWithNsunitAsJar()) {
            Files.setAttribute(home, "unix:uid", 65534);
            ProcessBuilder process = new ProcessBuilder(Java.command(AS_NOBODY, List.of(), classPath.classPath(),
                    FixtureRunner.class, Rootless.class.getName()));
            process.environment().remove("XDG_CACHE_HOME");
            process.environment().put("HOME", home.toString());

            Java.Captured run = Java.capture(process);

            assertThat(run.output()).contains("RESULT SUCCESSFUL isolated()");
            assertThat(run.errors()).as("warnings").doesNotContain("nsunit: ");
            try (Stream<Path> cache = Files.list(home.resolve(".cache/nsunit"))) {
                assertThat(cache.map(path -> path.getFileName().toString()))
                        .anyMatch(name -> name.endsWith(".jsa") || name.endsWith(".aot"));
            }
        }
        finally {
            deleteTree(home);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    static class Rootless {
        @Test
        @IsolatedUser
        @IsolatedUts(hostname = "rootless")
        void isolated() {
        }
    }
}
