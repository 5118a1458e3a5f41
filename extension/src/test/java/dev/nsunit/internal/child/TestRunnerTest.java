package dev.nsunit.internal.child;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.commons.support.ReflectionSupport;
import org.junit.platform.engine.FilterResult;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;
import org.junit.platform.launcher.PostDiscoveryFilter;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;

import dev.nsunit.internal.relay.Message;

/**
 * A child started ahead of its unit discovers the unit's run while the test before runs, and executes what it
 * discovered when that run is handed to it: the launcher, with its user configuration, in this JVM.
 */
class TestRunnerTest {

    private static final String FIXTURE = "[engine:junit-jupiter]/[class:" + Named.class.getName() + "]";
    private static final String FIRST = FIXTURE + "/[method:first()]";
    private static final String SECOND = FIXTURE + "/[method:second()]";
    private static final String PROPERTY = "nsunit.spec.runner.property";
    private static final String AHEAD_ONLY = "nsunit.spec.runner.aheadOnly";

    /** What Jupiter named (it names a test as it discovers it), and what the tests saw, in this JVM. */
    static final List<String> NAMED = new CopyOnWriteArrayList<>();
    static final List<String> SEEN = new CopyOnWriteArrayList<>();
    static final AtomicInteger SESSIONS = new AtomicInteger();
    static final List<Boolean> FLIGHT_RECORDER_FOUND = new CopyOnWriteArrayList<>();

    @BeforeEach
    @AfterEach
    void forget() {
        NAMED.clear();
        SEEN.clear();
        SESSIONS.set(0);
        FLIGHT_RECORDER_FOUND.clear();
        System.clearProperty(PROPERTY);
        System.clearProperty(AHEAD_ONLY);
    }

    @Test
    void aRunDiscoveredAheadIsExecutedWithoutBeingDiscoveredAgain() {
        TestRunner runner = new TestRunner();
        Message.Run run = run(FIRST, Map.of(PROPERTY, "handed"));

        runner.discover(run);
        assertThat(NAMED).as("named while discovering ahead").containsExactly("first");
        Results results = new Results();
        assertThat(runner.run(run, results)).isNull();

        assertThat(results.finished).containsExactly(FIRST + " SUCCESSFUL");
        assertThat(NAMED).as("named in all").containsExactly("first");
        assertThat(SEEN).containsExactly("first saw handed");
    }

    @Test
    void aRunOtherThanTheOneDiscoveredIsDiscoveredAnewWithItsOwnSystemProperties() {
        TestRunner runner = new TestRunner();
        runner.discover(run(FIRST, Map.of(PROPERTY, "ahead", AHEAD_ONLY, "set")));
        Results results = new Results();

        assertThat(runner.run(run(SECOND, Map.of(PROPERTY, "handed")), results)).isNull();

        assertThat(results.finished).containsExactly(SECOND + " SUCCESSFUL");
        assertThat(NAMED).containsExactly("first", "second");
        assertThat(SEEN).as("the properties of the run handed over, not those discovered ahead with")
                .containsExactly("second saw handed and no " + AHEAD_ONLY);
    }

    @Test
    void whereAClassPathRegistersALauncherSessionListenerNothingIsDiscoveredAhead(@TempDir Path classPath)
            throws IOException {
        withRegistered(classPath, LauncherSessionListener.class, CountingSessions.class, withListener -> {
            TestRunner runner = new TestRunner();
            Message.Run run = run(FIRST, Map.of(PROPERTY, "handed"));

            runner.discover(run);
            assertThat(NAMED).as("named ahead, in a session its listener would see open beside the test before")
                    .isEmpty();
            Results results = new Results();
            assertThat(runner.run(run, results)).isNull();

            assertThat(results.finished).containsExactly(FIRST + " SUCCESSFUL");
            assertThat(SESSIONS).as("sessions the listener saw").hasValue(1);
        });
    }

    @Test
    void theLauncherOfARunFindsNoFlightRecorderToReportToWhereNothingInTheChildRecords(@TempDir Path classPath)
            throws IOException {
        // JUnit 6 looks for JFR as it makes a launcher (JfrUtils), through the thread's context class loader, as this
        // filter does when the launcher makes it.
        withRegistered(classPath, PostDiscoveryFilter.class, LooksForFlightRecorder.class, withFilter -> {
            TestRunner runner = new TestRunner();
            Message.Run ahead = run(FIRST, Map.of());
            runner.discover(ahead);
            assertThat(runner.run(ahead, new Results())).isNull();
            assertThat(runner.run(run(SECOND, Map.of()), new Results())).isNull();

            assertThat(FLIGHT_RECORDER_FOUND).as("JFR found by the launcher of the run discovered ahead, then of one "
                    + "handed over").containsExactly(false, false);
            assertThat(Thread.currentThread().getContextClassLoader()).isSameAs(withFilter);
        });
    }

    /**
     * Runs {@code body} with a context class loader that also finds {@code provider} registered for {@code service}
     * through a service file in {@code classPath}, as a jar of the user's would register it.
     */
    private static void withRegistered(Path classPath, Class<?> service, Class<?> provider,
            Consumer<ClassLoader> body) throws IOException {
        Path services = classPath.resolve("META-INF/services/" + service.getName());
        Files.createDirectories(services.getParent());
        Files.writeString(services, provider.getName() + "\n");
        Thread thread = Thread.currentThread();
        ClassLoader loader = thread.getContextClassLoader();
        try (URLClassLoader registering = new URLClassLoader(new URL[] { classPath.toUri().toURL() }, loader)) {
            thread.setContextClassLoader(registering);
            body.accept(registering);
        }
        finally {
            thread.setContextClassLoader(loader);
        }
    }

    private static Message.Run run(String uniqueId, Map<String, String> systemProperties) {
        return new Message.Run(List.of(uniqueId), Map.of(), systemProperties, false);
    }

    private static final class Results implements TestExecutionListener {

        final List<String> finished = new CopyOnWriteArrayList<>();

        @Override
        public void executionFinished(TestIdentifier identifier, TestExecutionResult result) {
            if (identifier.isTest()) {
                finished.add(identifier.getUniqueId() + " " + result.getStatus());
            }
        }
    }

    /** Names as Jupiter does, and notes each method it names. */
    static final class NotingNames extends DisplayNameGenerator.Standard {

        @Override
        public String generateDisplayNameForMethod(List<Class<?>> enclosingInstanceTypes, Class<?> testClass,
                Method testMethod) {
            NAMED.add(testMethod.getName());
            return super.generateDisplayNameForMethod(enclosingInstanceTypes, testClass, testMethod);
        }
    }

    public static final class CountingSessions implements LauncherSessionListener {

        @Override
        public void launcherSessionOpened(LauncherSession session) {
            SESSIONS.incrementAndGet();
        }
    }

    public static final class LooksForFlightRecorder implements PostDiscoveryFilter {

        public LooksForFlightRecorder() {
            FLIGHT_RECORDER_FOUND.add(ReflectionSupport.tryToLoadClass("jdk.jfr.FlightRecorder").toOptional()
                    .isPresent());
        }

        @Override
        public FilterResult apply(TestDescriptor descriptor) {
            return FilterResult.included("all");
        }
    }

    @DisplayNameGeneration(NotingNames.class)
    static class Named {

        @Test
        void first() {
            SEEN.add("first saw " + System.getProperty(PROPERTY));
        }

        @Test
        void second() {
            SEEN.add("second saw " + System.getProperty(PROPERTY)
                    + (System.getProperty(AHEAD_ONLY) == null ? " and no " + AHEAD_ONLY : ""));
        }
    }
}
