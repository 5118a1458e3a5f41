package dev.nsunit.internal.launch;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class ChildWeightTest {

    private static final ChildCommand LEAN = ChildCommand.of("/jdk/bin/java", "/a.jar", List.of(), List.of());
    private static final ChildCommand ARCHIVED = new ChildCommand(List.of("/jdk/bin/java",
            "-XX:SharedArchiveFile=/cache/a.jsa", "-cp", "/a.jar", "Main"));
    private static final Optional<Duration> NO_RUN = Optional.empty();

    @Test
    void childrenStartLean() {
        assertThat(new ChildWeight(() -> false).commandFor(LEAN)).isEqualTo(LEAN);
    }

    @Test
    void childrenLikeATrivialTestsKeepTheRunLean() {
        ChildWeight weight = new ChildWeight(() -> false);

        weight.observe(run(80), Duration.ofMillis(350), ChildWeight.FROM_ARCHIVE);
        weight.observe(run(500), Duration.ofMillis(750), ChildWeight.FROM_ARCHIVE);

        assertThat(weight.commandFor(LEAN)).isEqualTo(LEAN);
    }

    /** A busy machine makes every child's start dearer, trivial test or not: that says nothing of the test. */
    @Test
    void aTrivialTestsRunKeepsTheRunLeanHoweverMuchItsChildTookToStart() {
        ChildWeight weight = new ChildWeight(() -> false);

        weight.observe(run(220), Duration.ofMillis(900), ChildWeight.FROM_ARCHIVE);

        assertThat(weight.commandFor(LEAN)).isEqualTo(LEAN);
    }

    @Test
    void aRunOverHalfASecondOfCpuMakesTheNextChildrenStartWithTheJvmsDefaults() {
        ChildWeight weight = new ChildWeight(() -> false);

        weight.observe(run(501), Duration.ofMillis(700), ChildWeight.FROM_ARCHIVE);

        assertThat(weight.commandFor(LEAN)).isEqualTo(LEAN.forHeavyTests());
    }

    @Test
    void aChildThatReportedNoRunIsHeavyOverThreeQuartersOfASecondInAll() {
        ChildWeight killed = new ChildWeight(() -> false);
        ChildWeight light = new ChildWeight(() -> false);

        killed.observe(NO_RUN, Duration.ofMillis(751), ChildWeight.FROM_ARCHIVE);
        light.observe(NO_RUN, Duration.ofMillis(750), ChildWeight.FROM_ARCHIVE);

        assertThat(killed.commandFor(LEAN)).isEqualTo(LEAN.forHeavyTests());
        assertThat(light.commandFor(LEAN)).isEqualTo(LEAN);
    }

    @Test
    void aChildFromAnArchiveIsHeavyOverHalfASecondOfItsRun() {
        assertThat(new ChildWeight(() -> true).heavyAbove(ARCHIVED))
                .contains(new ChildWeight.Limits(Duration.ofMillis(500), Duration.ofMillis(750)));
    }

    @Test
    void aChildStartedWithoutTheArchiveThatIsComingTellsNothing() {
        assertThat(new ChildWeight(() -> true).heavyAbove(LEAN)).isEmpty();
    }

    /** Without an archive a trivial test's run parses JUnit's classes: up to 0.55 s, its discovery up to 0.4 more. */
    @Test
    void whereNoArchiveIsComingAChildWithoutOneIsHeavyOverOneAndAHalfSecondsOfItsRun() {
        assertThat(new ChildWeight(() -> false).heavyAbove(LEAN))
                .contains(new ChildWeight.Limits(Duration.ofMillis(1500), Duration.ofSeconds(2)));
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
        weight.observe(run(1300), Duration.ofSeconds(2), ChildWeight.FROM_ARCHIVE);

        weight.observe(run(80), Duration.ofMillis(300), ChildWeight.FROM_ARCHIVE);

        assertThat(weight.commandFor(LEAN)).isEqualTo(LEAN.forHeavyTests());
    }

    private static Optional<Duration> run(long millis) {
        return Optional.of(Duration.ofMillis(millis));
    }
}
