package dev.nsunit.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

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

    @Test
    void timeoutsAreNamedInMessagesTheWayTheyAreConfigured() {
        assertThat(IsolationConfig.format(Duration.ofMinutes(5))).isEqualTo("5 m");
        assertThat(IsolationConfig.format(Duration.ofSeconds(30))).isEqualTo("30 s");
        assertThat(IsolationConfig.format(Duration.ofMillis(1500))).isEqualTo("1500 ms");
    }
}
