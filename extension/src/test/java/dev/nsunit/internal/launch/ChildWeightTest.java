package dev.nsunit.internal.launch;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.nsunit.internal.linux.ReapedChild;
import dev.nsunit.internal.linux.WaitStatus;

class ChildWeightTest {

    private static final ChildCommand LEAN = ChildCommand.of("/jdk/bin/java", "/a.jar", List.of(), List.of());
    private static final WaitStatus EXITED = new WaitStatus(1, 0);

    @Test
    void childrenStartLean() {
        assertThat(new ChildWeight(() -> false).commandFor(LEAN)).isEqualTo(LEAN);
    }

    @Test
    void childrenLikeATrivialTestsKeepTheRunLean() {
        ChildWeight weight = new ChildWeight(() -> false);

        weight.observe(new ReapedChild(EXITED, Duration.ofMillis(350)));
        weight.observe(new ReapedChild(EXITED, Duration.ofMillis(750)));

        assertThat(weight.commandFor(LEAN)).isEqualTo(LEAN);
    }

    @Test
    void aChildOverThreeQuartersOfASecondOfCpuMakesTheNextOnesStartWithTheJvmsDefaults() {
        ChildWeight weight = new ChildWeight(() -> false);

        weight.observe(new ReapedChild(EXITED, Duration.ofMillis(751)));

        assertThat(weight.commandFor(LEAN)).isEqualTo(LEAN.forHeavyTests());
    }

    @Test
    void aChildStartedWithoutTheArchiveThatIsComingTellsNothing() {
        ChildCommand archived = new ChildCommand(List.of("/jdk/bin/java", "-XX:SharedArchiveFile=/cache/a.jsa", "-cp",
                "/a.jar", "Main"));

        assertThat(new ChildWeight(() -> true).tellsItsTestsWeight(LEAN)).isFalse();
        assertThat(new ChildWeight(() -> true).tellsItsTestsWeight(archived)).isTrue();
        assertThat(new ChildWeight(() -> false).tellsItsTestsWeight(LEAN)).as("no archive coming").isTrue();
    }

    @Test
    void aRunOnceHeavyStaysHeavy() {
        ChildWeight weight = new ChildWeight(() -> false);
        weight.observe(new ReapedChild(EXITED, Duration.ofSeconds(2)));

        weight.observe(new ReapedChild(EXITED, Duration.ofMillis(300)));

        assertThat(weight.commandFor(LEAN)).isEqualTo(LEAN.forHeavyTests());
    }
}
