package dev.nsunit.internal.child;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.platform.launcher.core.LauncherConfig;

import dev.nsunit.internal.engine.IsolationGuard;
import dev.nsunit.internal.relay.Message;
import dev.nsunit.internal.relay.MessageChannel;

/**
 * Runs one empty Jupiter test the way a child runs its test ({@link TestRunner}, relaying every event, here into
 * nothing), so that the classes discovering, executing and relaying a test are loaded and initialised before the
 * real test arrives: by a warm child while it waits, and by the training run that records the class-data archive.
 *
 * <p>Nothing of the user's takes part: the launcher is a private one that registers no listener, session listener
 * or post-discovery filter automatically, {@code junit-platform.properties} is not read, and extension
 * auto-detection is off. (The training run also runs it through the user's launcher, seeing only JUnit's and
 * nsunit's own services: {@link Training}.)
 */
public final class LauncherWarmUp {

    private static final String EMPTY_CLASS = "[engine:junit-jupiter]/[class:" + Empty.class.getName() + "]";
    /** Selected by unique id, as the parent selects a child's test: a method and an invocation of a template. */
    private static final List<String> EMPTY_TESTS = List.of(EMPTY_CLASS + "/[method:nothing()]", EMPTY_CLASS
            + "/[test-template:again(" + RepetitionInfo.class.getName() + ")]/[test-template-invocation:#1]");
    /**
     * Two invocations of a parameterized test, one from a {@code @ValueSource} and one from a {@code @MethodSource},
     * the sources most tests use, where JUnit's {@code junit-jupiter-params} is on the class path. Without them,
     * every child of a parameterized test made the lambdas and method handles of its argument sources and name
     * formatter at run time, which no archive held: on JDK 25, 116 ms more CPU in its run than a repeated test's
     * child, and 73 ms more in all than with them. A {@code @CsvSource} too would add the CSV parser, 1.3 MB of the
     * JDK 25 cache that every child loads as it starts; a project whose children parse it learns it
     * ({@code LearnedClasses}).
     */
    private static final List<String> PARAMETERIZED_TESTS = List.of(
            EMPTY_CLASS + "/[test-template:with(int)]/[test-template-invocation:#1]",
            EMPTY_CLASS + "/[test-template:with(int)]/[test-template-invocation:#2]");
    private static final String PARAMETERIZED_TEST = "org.junit.jupiter.params.ParameterizedTest";

    private LauncherWarmUp() {
    }

    static void run() {
        run(new TestRunner(privateLauncher(), false), false);
    }

    /**
     * Runs the empty tests through the runner, relaying their events into memory, and checks that the method and the
     * repetition passed: a warm-up that ran nothing would load nothing, and nobody would notice but the clock.
     *
     * @param discoverFirst whether the runner discovers them ahead of running them, as a child started ahead does
     */
    static void run(TestRunner runner, boolean discoverFirst) {
        ByteArrayOutputStream relayed = new ByteArrayOutputStream();
        MessageChannel relay = new MessageChannel(InputStream.nullInputStream(), relayed);
        List<String> tests = emptyTests();
        Message.Run run = new Message.Run(tests, Map.of("junit.jupiter.extensions.autodetection.enabled", "false"));
        if (discoverFirst) {
            runner.discover(run);
        }
        if (runner.run(run, new RelayingListener(relay, OutputFence.NONE, false)) != null) {
            throw new IllegalStateException("The warm-up's empty tests could not run");
        }
        Set<String> passed = new HashSet<>();
        try (MessageChannel replay = new MessageChannel(new ByteArrayInputStream(relayed.toByteArray()),
                OutputStream.nullOutputStream())) {
            for (Message message = replay.receive(); message != null; message = replay.receive()) {
                if (message instanceof Message.Finished finished && finished.status() == Message.Status.SUCCESSFUL) {
                    passed.add(finished.uniqueId());
                }
            }
        }
        catch (IOException unreadable) {
            throw new UncheckedIOException(unreadable);
        }
        // Not the parameterized ones: a junit-jupiter-params of another release than Jupiter's engine may fail them,
        // and the archive is worth having without them.
        if (!passed.containsAll(EMPTY_TESTS)) {
            throw new IllegalStateException("The warm-up's empty tests did not all pass: " + passed);
        }
    }

    /** The empty tests, the parameterized ones among them where Jupiter can run them. */
    static List<String> emptyTests() {
        try {
            Class.forName(PARAMETERIZED_TEST, false, LauncherWarmUp.class.getClassLoader());
        }
        catch (ClassNotFoundException | LinkageError noParameterizedTests) {
            return EMPTY_TESTS;
        }
        List<String> tests = new ArrayList<>(EMPTY_TESTS);
        tests.addAll(PARAMETERIZED_TESTS);
        return tests;
    }

    private static LauncherConfig privateLauncher() {
        return LauncherConfig.builder()
                .enableTestExecutionListenerAutoRegistration(false)
                .enableLauncherSessionListenerAutoRegistration(false)
                .enableLauncherDiscoveryListenerAutoRegistration(false)
                .enablePostDiscoveryFilterAutoRegistration(false)
                .build();
    }

    /**
     * The tests the warm-up runs: nothing, through Jupiter's whole lifecycle, with what most test classes use
     * (lifecycle methods, a test template, parameters Jupiter resolves, assertions, a parameterized test whose
     * sources are the common ones), and the guard every isolation annotation registers, which intercepts each
     * method, so that its classes are in the class-data archive and loaded before a test arrives instead of after.
     * Without {@code junit-jupiter-params}, the JVM drops the annotations whose types it cannot load, and the
     * parameterized test is no test at all.
     */
    @ExtendWith(IsolationGuard.class)
    static final class Empty {

        private int calls;

        @BeforeEach
        void before(TestInfo test) {
            calls = test.getDisplayName().length();
        }

        @Test
        void nothing() {
            assertTrue(calls > 0);
        }

        @RepeatedTest(2)
        void again(RepetitionInfo repetition) {
            assertEquals(2, repetition.getTotalRepetitions());
        }

        @ParameterizedTest
        @ValueSource(ints = 1)
        @MethodSource("two")
        void with(int value) {
            assertTrue(value > 0);
        }

        static int[] two() {
            return new int[] {2};
        }

        @AfterEach
        void after() {
            assertNotEquals(0, calls);
        }
    }
}
