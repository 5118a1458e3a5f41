package dev.nsunit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.launcher.EngineFilter.includeEngines;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.nsunit.support.LauncherRun;

/**
 * JUnit Vintage runs JUnit 4 tests, and knows nothing of the isolation annotations nor of the guard they register
 * with Jupiter: it would run such a test in the test JVM, on the host. nsunit isolates Jupiter tests only, so it
 * takes a JUnit 4 test that carries an isolation annotation from Vintage and fails it with the reason, having run
 * none of it.
 */
class JUnit4TestsTest {

    private static final String REASON = "nsunit did not isolate this test, so it was not run: the test engine "
            + "\"junit-vintage\" runs it, and nsunit isolates JUnit Jupiter tests only. Write it as a JUnit Jupiter "
            + "test (org.junit.jupiter.api.Test), or remove its isolation annotation.";

    static final AtomicInteger RAN = new AtomicInteger();

    @BeforeEach
    void nothingRanYet() {
        RAN.set(0);
    }

    @Test
    void aJUnit4TestThatCarriesAnIsolationAnnotationFailsWithTheReasonAndNoneOfItRuns() {
        LauncherRun run = LauncherRun.of(List.of(selectClass(IsolatedClass.class), selectClass(OneIsolated.class)),
                Map.of());

        assertThat(run.tests()).extracting(outcome -> outcome.node().getDisplayName(), LauncherRun.Outcome::engine,
                LauncherRun.Outcome::status, LauncherRun.Outcome::message).containsExactlyInAnyOrder(
                        tuple("first", "nsunit", "FAILED", REASON),
                        tuple("second", "nsunit", "FAILED", REASON),
                        tuple("isolated", "nsunit", "FAILED", REASON),
                        tuple("inPlace", "junit-vintage", "SUCCESSFUL", null));
        assertThat(RAN).as("test bodies run: the in-place one alone").hasValue(1);
    }

    @Test
    void whereTheNsunitEngineIsLeftOutAJUnit4TestThatCarriesAnIsolationAnnotationStillNeverRuns() {
        LauncherRun run = LauncherRun.of(List.of(selectClass(IsolatedClass.class)), Map.of(),
                includeEngines("junit-vintage"));

        assertThat(run.tests()).isEmpty();
        assertThat(RAN).hasValue(0);
    }

    @IsolatedUts(hostname = "legacy")
    public static class IsolatedClass {

        @org.junit.Test
        public void first() {
            RAN.incrementAndGet();
        }

        @org.junit.Test
        public void second() {
            RAN.incrementAndGet();
        }
    }

    public static class OneIsolated {

        @org.junit.Test
        @IsolatedUts(hostname = "legacy")
        public void isolated() {
            RAN.incrementAndGet();
        }

        @org.junit.Test
        public void inPlace() {
            RAN.incrementAndGet();
        }
    }
}
