package dev.nsunit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.net.InetAddress;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.platform.suite.api.IncludeEngines;
import org.junit.platform.suite.api.SelectClasses;
import org.junit.platform.suite.api.Suite;

import dev.nsunit.support.ChildJvms;
import dev.nsunit.support.HostUnchanged;
import dev.nsunit.support.LauncherRun;
import dev.nsunit.support.NeedsNamespaces;

/**
 * A {@code @Suite} class runs the tests it selects through JUnit's suite engine, which discovers and runs every
 * engine again inside the suite, nsunit's among them, and applies no filter of its own. The isolated tests run in
 * their children there, reported under the suite, and Jupiter inside the suite never meets them.
 */
@NeedsNamespaces
@ExtendWith(HostUnchanged.class)
class SuiteTest {

    private static final String SUITE = "[engine:junit-platform-suite]/[suite:" + Isolating.class.getName() + "]";

    @Test
    void isolatedTestsSelectedThroughASuiteRunInTheirChildrenUnderTheSuite() {
        LauncherRun run = LauncherRun.of(List.of(selectClass(Isolating.class)), Map.of());

        assertThat(run.tests()).extracting(outcome -> outcome.node().getUniqueId(), LauncherRun.Outcome::status,
                LauncherRun.Outcome::message).containsExactlyInAnyOrder(
                        tuple(SUITE + "/[engine:junit-jupiter]/[class:" + Mixed.class.getName()
                                + "]/[method:inPlace()]", "SUCCESSFUL", null),
                        tuple(SUITE + "/[engine:nsunit]/[class:" + Mixed.class.getName() + "]/[method:isolated()]",
                                "SUCCESSFUL", null),
                        tuple(SUITE + "/[engine:nsunit]/[class:" + Mixed.class.getName()
                                + "]/[test-template:parameterized(int)]/[test-template-invocation:#1]", "SUCCESSFUL",
                                null),
                        tuple(SUITE + "/[engine:nsunit]/[class:" + Mixed.class.getName()
                                + "]/[test-template:parameterized(int)]/[test-template-invocation:#2]", "SUCCESSFUL",
                                null),
                        tuple(SUITE + "/[engine:nsunit]/[class:" + PerClass.class.getName() + "]/[method:first()]",
                                "SUCCESSFUL", null),
                        tuple(SUITE + "/[engine:nsunit]/[class:" + PerClass.class.getName() + "]/[method:second()]",
                                "SUCCESSFUL", null));
        assertThat(ProcessHandle.current().children().filter(ChildJvms::isChild))
                .as("children of this JVM after the run, those started ahead included").isEmpty();
    }

    @Test
    void aSuiteThatNamesJupitersEngineAloneFailsItsIsolatedTestsWithTheReasonAndRunsNoneOfThem() {
        LauncherRun run = LauncherRun.of(List.of(selectClass(JupiterOnly.class)), Map.of());

        assertThat(run.tests()).filteredOn(outcome -> outcome.node().getDisplayName().equals("isolated()"))
                .singleElement().satisfies(outcome -> {
                    assertThat(outcome.status()).isEqualTo("FAILED");
                    assertThat(outcome.message()).startsWith("nsunit did not isolate this test, so it was not run")
                            .contains("a @Suite's @IncludeEngines");
                });
        assertThat(run.containers()).filteredOn(outcome -> outcome.node().getUniqueId().endsWith(
                "[test-template:parameterized(int)]") || outcome.node().getUniqueId().endsWith(
                        "[class:" + PerClass.class.getName() + "]")).hasSize(2)
                .extracting(LauncherRun.Outcome::status).containsOnly("FAILED");
        assertThat(run.tests()).filteredOn(outcome -> outcome.status().equals("SUCCESSFUL"))
                .extracting(outcome -> outcome.node().getDisplayName()).containsExactly("inPlace()");
    }

    @Suite
    @SelectClasses({Mixed.class, PerClass.class})
    static class Isolating {
    }

    @Suite
    @SelectClasses({Mixed.class, PerClass.class})
    @IncludeEngines("junit-jupiter")
    static class JupiterOnly {
    }

    static class Mixed {

        @Test
        void inPlace() throws Exception {
            assertNotEquals("suited", InetAddress.getLocalHost().getHostName());
        }

        @Test
        @IsolatedUts(hostname = "suited")
        void isolated() throws Exception {
            assertEquals("suited", InetAddress.getLocalHost().getHostName());
        }

        @ParameterizedTest
        @ValueSource(ints = {1, 2})
        @IsolatedUts(hostname = "suited")
        void parameterized(int value) throws Exception {
            assertEquals("suited", InetAddress.getLocalHost().getHostName());
        }
    }

    @IsolatedPerClass
    @IsolatedUts(hostname = "suited")
    static class PerClass {

        @Test
        void first() throws Exception {
            assertEquals("suited", InetAddress.getLocalHost().getHostName());
        }

        @Test
        void second() throws Exception {
            assertEquals("suited", InetAddress.getLocalHost().getHostName());
        }
    }
}
