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
    private static final ChildCommand ARCHIVED = new ChildCommand(List.of("/jdk/bin/java",
            "-XX:SharedArchiveFile=/cache/a.jsa", "-cp", "/a.jar", "Main"));

    @Test
    void childrenStartLean() {
        assertThat(new ChildWeight(() -> false).commandFor(LEAN)).isEqualTo(LEAN);
    }

    @Test
    void childrenLikeATrivialTestsKeepTheRunLean() {
        ChildWeight weight = new ChildWeight(() -> false);

        weight.observe(new ReapedChild(EXITED, Duration.ofMillis(350)), ChildWeight.HEAVY_CPU);
        weight.observe(new ReapedChild(EXITED, Duration.ofMillis(750)), ChildWeight.HEAVY_CPU);

        assertThat(weight.commandFor(LEAN)).isEqualTo(LEAN);
    }

    @Test
    void aChildOverThreeQuartersOfASecondOfCpuMakesTheNextOnesStartWithTheJvmsDefaults() {
        ChildWeight weight = new ChildWeight(() -> false);

        weight.observe(new ReapedChild(EXITED, Duration.ofMillis(751)), ChildWeight.HEAVY_CPU);

        assertThat(weight.commandFor(LEAN)).isEqualTo(LEAN.forHeavyTests());
    }

    @Test
    void aChildFromAnArchiveIsHeavyOverThreeQuartersOfASecond() {
        assertThat(new ChildWeight(() -> true).heavyAbove(ARCHIVED)).contains(Duration.ofMillis(750));
    }

    @Test
    void aChildStartedWithoutTheArchiveThatIsComingTellsNothing() {
        assertThat(new ChildWeight(() -> true).heavyAbove(LEAN)).isEmpty();
    }

    @Test
    void whereNoArchiveIsComingAChildWithoutOneIsHeavyOverTwoSeconds() {
        assertThat(new ChildWeight(() -> false).heavyAbove(LEAN)).contains(Duration.ofSeconds(2));
    }

    @Test
    void onlyAChildWithoutTheArchiveThatIsComingStartsBeforeIt() {
        // such a child is not sent its unit ahead (WarmChildren): its discovery would slow the training run
        assertThat(new ChildWeight(() -> true).startsBeforeItsArchive(LEAN)).isTrue();
        assertThat(new ChildWeight(() -> true).startsBeforeItsArchive(ARCHIVED)).isFalse();
        assertThat(new ChildWeight(() -> false).startsBeforeItsArchive(LEAN)).isFalse();
    }

    @Test
    void aRunOnceHeavyStaysHeavy() {
        ChildWeight weight = new ChildWeight(() -> false);
        weight.observe(new ReapedChild(EXITED, Duration.ofSeconds(2)), ChildWeight.HEAVY_CPU);

        weight.observe(new ReapedChild(EXITED, Duration.ofMillis(300)), ChildWeight.HEAVY_CPU);

        assertThat(weight.commandFor(LEAN)).isEqualTo(LEAN.forHeavyTests());
    }
}
