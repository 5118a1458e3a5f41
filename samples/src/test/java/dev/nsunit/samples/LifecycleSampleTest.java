package dev.nsunit.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.nsunit.IsolatedUts;

/**
 * An isolated test's whole lifecycle runs in its child JVM, after the namespaces are set up: the class's static
 * initializer, the constructor, {@code @BeforeAll}, {@code @BeforeEach}, the test, {@code @AfterEach} and
 * {@code @AfterAll} all see the isolated hostname; the test JVM never initializes the class. Since every test gets a
 * JVM of its own, {@code @BeforeAll} and {@code @AfterAll} run once per test, and static state never carries over
 * from one test to the next.
 */
@IsolatedUts(hostname = "bizarro")
class LifecycleSampleTest {

    private static final String SEEN_IN_STATIC_INITIALIZER = hostname();
    private static String seenInBeforeAll;
    private static int testsInThisJvm;

    private final String seenInConstructor = hostname();
    private String seenInBeforeEach;

    @BeforeAll
    static void beforeAll() {
        seenInBeforeAll = hostname();
    }

    @BeforeEach
    void beforeEach() {
        seenInBeforeEach = hostname();
        testsInThisJvm++;
    }

    @Test
    void setUpRanInTheChild() {
        assertThat(SEEN_IN_STATIC_INITIALIZER).isEqualTo("bizarro");
        assertThat(seenInBeforeAll).isEqualTo("bizarro");
        assertThat(seenInConstructor).isEqualTo("bizarro");
        assertThat(seenInBeforeEach).isEqualTo("bizarro");
    }

    @Test
    void staticStateStartsOverInEveryTest() {
        assertThat(testsInThisJvm).isEqualTo(1);
    }

    @AfterEach
    void afterEach() {
        assertThat(hostname()).isEqualTo("bizarro");
    }

    @AfterAll
    static void afterAll() {
        // Output of the child, lifecycle methods included, shows up as the test's own.
        System.out.println("@AfterAll ran on " + hostname());
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
