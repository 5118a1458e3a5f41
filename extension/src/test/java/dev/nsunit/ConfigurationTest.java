package dev.nsunit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

import dev.nsunit.support.Fixtures;
import dev.nsunit.support.NeedsNamespaces;

/** Configuration values nsunit cannot understand are errors, never silently replaced by defaults. */
class ConfigurationTest {

    @Test
    void unknownUnsupportedModeFailsTheTestNamingTheParameterAndTheChoices() {
        Throwable thrown = ChildFailureTest.failureOf(Fixtures.run(Isolated.class,
                Map.of("nsunit.unsupported", "skip")));

        assertThat(thrown).isInstanceOf(ExtensionConfigurationException.class).hasMessage(
                "Configuration parameter nsunit.unsupported = \"skip\" is not understood; use \"abort\" (report the "
                        + "test as skipped, the default) or \"fail\"");
    }

    @Test
    void timeoutOutsideJUnitsDurationSyntaxFailsTheTestNamingTheParameter() {
        Throwable thrown = ChildFailureTest.failureOf(Fixtures.run(Isolated.class,
                Map.of("nsunit.timeout", "5 minutes")));

        assertThat(thrown).isInstanceOf(ExtensionConfigurationException.class)
                .hasMessageStartingWith("Configuration parameter nsunit.timeout = \"5 minutes\" is not a duration");
    }

    @Test
    void childDebugThatIsNotAPortFailsTheTestNamingTheParameter() {
        Throwable thrown = ChildFailureTest.failureOf(Fixtures.run(Isolated.class,
                Map.of("nsunit.child.debug", "yes")));

        assertThat(thrown).isInstanceOf(ExtensionConfigurationException.class)
                .hasMessageStartingWith("Configuration parameter nsunit.child.debug = \"yes\" is not a port");
    }

    @Test
    void childDebugForATestInANetworkNamespaceOfItsOwnFailsTheTestSayingWhy() {
        Throwable thrown = ChildFailureTest.failureOf(Fixtures.run(InItsOwnNetwork.class,
                Map.of("nsunit.child.debug", "5005")));

        assertThat(thrown).isInstanceOf(ExtensionConfigurationException.class)
                .hasMessageContaining("cannot work for a test in a network namespace of its own");
    }

    @Test
    @NeedsNamespaces
    void childJvmArgsReachTheChild() {
        Fixtures.run(ReadsProperty.class, Map.of("nsunit.child.jvmArgs", "-Dnsunit.spec.flag=on  -Xmx64m"))
                .testEvents().assertStatistics(stats -> stats.succeeded(1));
    }

    @Test
    @NeedsNamespaces
    void aTestFindsTheFormatLocaleItsChildJvmStartedWith() {
        // Nothing nsunit does in the child before the test (binding libc, the relay, the set-up) may change it.
        Fixtures.run(ReadsFormatLocale.class, Map.of("nsunit.child.jvmArgs",
                "-Duser.language.format=de -Duser.country.format=DE"))
                .testEvents().assertStatistics(stats -> stats.succeeded(1));
    }

    static class Isolated {
        @Test
        @IsolatedUts
        void test() {
        }
    }

    static class InItsOwnNetwork {
        @Test
        @IsolatedNetwork
        void test() {
        }
    }

    static class ReadsProperty {
        @Test
        @IsolatedUts
        void test() {
            assertThat(System.getProperty("nsunit.spec.flag")).isEqualTo("on");
            assertThat(Runtime.getRuntime().maxMemory()).isLessThanOrEqualTo(64L * 1024 * 1024);
        }
    }

    static class ReadsFormatLocale {
        @Test
        @IsolatedUts
        void test() {
            assertThat(Locale.getDefault(Locale.Category.FORMAT)).isEqualTo(Locale.GERMANY);
        }
    }
}
