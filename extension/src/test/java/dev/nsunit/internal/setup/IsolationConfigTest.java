package dev.nsunit.internal.setup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import dev.nsunit.internal.linux.NamespaceType;

class IsolationConfigTest {

    @ParameterizedTest
    @CsvSource({"30 s, PT30S", "30s, PT30S", "30, PT30S", "5 m, PT5M", "250 ms, PT0.25S", "2 h, PT2H", "1 d, PT24H",
            "7 μs, PT0.000007S", "9 ns, PT0.000000009S", "3 S, PT3S"})
    void timeoutsUseJUnitsDurationSyntax(String value, Duration expected) {
        assertThat(IsolationConfig.parseTimeout(value)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "0 s", "-1 s", "5 minutes", "1.5 s", "s"})
    void timeoutsOutsideThatSyntaxAreRejected(String value) {
        assertThatThrownBy(() -> IsolationConfig.parseTimeout(value))
                .isInstanceOf(ExtensionConfigurationException.class).hasMessageContaining("nsunit.timeout");
    }

    @Test
    void unsupportedModeIsAbortOrFail() {
        assertThat(IsolationConfig.parseUnsupported("abort")).isEqualTo(IsolationConfig.Unsupported.ABORT);
        assertThat(IsolationConfig.parseUnsupported(" fail ")).isEqualTo(IsolationConfig.Unsupported.FAIL);
        assertThatThrownBy(() -> IsolationConfig.parseUnsupported("Abort"))
                .isInstanceOf(ExtensionConfigurationException.class);
    }

    @Test
    void childJvmArgsAreSplitOnWhitespace() {
        assertThat(IsolationConfig.parseJvmArgs("  -Xmx64m   -Dx=y ")).isEqualTo(List.of("-Xmx64m", "-Dx=y"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"5005", " 5005 ", "*:5005", "localhost:8000", "10.0.0.7:1", "65535"})
    void aDebugAddressIsAPortOptionallyAfterAHost(String value) {
        assertThat(IsolationConfig.parseDebugAddress(value)).isEqualTo(value.trim());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "yes", "0", "65536", "-1", ":5005", "host:", "5005,suspend=n", "localhost 5005"})
    void debugAddressesThatAreNotAPortAreRejectedNamingTheParameterAndWhatToUse(String value) {
        assertThatThrownBy(() -> IsolationConfig.parseDebugAddress(value))
                .isInstanceOf(ExtensionConfigurationException.class)
                .hasMessage("Configuration parameter nsunit.child.debug = \"" + value + "\" is not a port; use the "
                        + "port (1 to 65535) on which each child JVM should wait for a debugger, for example \"5005\", "
                        + "or \"*:5005\" to let debuggers on other hosts attach");
    }

    @Test
    void whileAChildWaitsForADebuggerNoTimeoutKillsIt() {
        IsolationConfig config = IsolationConfig.from(parameters(Map.of("nsunit.timeout", "30 s",
                "nsunit.child.debug", "5005")));

        assertThat(config.timeout()).isEqualTo(IsolationConfig.DEBUGGING_TIMEOUT).isGreaterThan(Duration.ofDays(30));
        assertThat(config.childDebug()).contains("5005");
    }

    @Test
    void withoutADebuggerTheTimeoutIsTheConfiguredOne() {
        IsolationConfig config = IsolationConfig.from(parameters(Map.of("nsunit.timeout", "30 s")));

        assertThat(config.timeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.childDebug()).isEmpty();
    }

    @Test
    void aChildInANetworkNamespaceOfItsOwnCannotBeDebugged() {
        IsolationConfig config = IsolationConfig.from(parameters(Map.of("nsunit.child.debug", "5005")));

        assertThatThrownBy(() -> config.checkDebuggable(EnumSet.of(NamespaceType.UTS, NamespaceType.NETWORK)))
                .isInstanceOf(ExtensionConfigurationException.class)
                .hasMessage("Configuration parameter nsunit.child.debug = \"5005\" cannot work for a test in a network "
                        + "namespace of its own: no debugger outside could reach the child JVM's port. Debug it "
                        + "without @IsolatedNetwork (or Namespace.NETWORK), or unset nsunit.child.debug");
    }

    @Test
    void aChildSharingTheHostsNetworkCanBeDebugged() {
        IsolationConfig config = IsolationConfig.from(parameters(Map.of("nsunit.child.debug", "5005")));

        assertThatCode(() -> config.checkDebuggable(EnumSet.complementOf(EnumSet.of(NamespaceType.NETWORK))))
                .doesNotThrowAnyException();
    }

    private static Function<String, Optional<String>> parameters(Map<String, String> values) {
        return key -> Optional.ofNullable(values.get(key));
    }

    @Test
    void timeoutsAreNamedInMessagesTheWayTheyAreConfigured() {
        assertThat(IsolationConfig.format(Duration.ofMinutes(5))).isEqualTo("5 m");
        assertThat(IsolationConfig.format(Duration.ofSeconds(30))).isEqualTo("30 s");
        assertThat(IsolationConfig.format(Duration.ofMillis(1500))).isEqualTo("1500 ms");
    }
}
