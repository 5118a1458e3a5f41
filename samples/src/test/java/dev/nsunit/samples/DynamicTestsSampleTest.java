package dev.nsunit.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import dev.nsunit.IsolatedUts;

/**
 * A {@code @TestFactory} of an isolated class runs in a child JVM of its own: the factory method, and every dynamic
 * test it returns, see the isolated hostname. Unlike the invocations of a {@code @ParameterizedTest}, which get a
 * child each, a factory's dynamic tests share its child and its namespaces, and each is still reported as a test of
 * its own.
 */
@IsolatedUts(hostname = "bizarro")
class DynamicTestsSampleTest {

    @TestFactory
    Stream<DynamicTest> everyDynamicTestSeesTheIsolatedHostname() {
        String seenByTheFactory = hostname();
        return Stream.of("first", "second", "third").map(name -> dynamicTest(name, () -> {
            assertThat(seenByTheFactory).isEqualTo("bizarro");
            assertThat(hostname()).isEqualTo("bizarro");
        }));
    }

    private static String hostname() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
