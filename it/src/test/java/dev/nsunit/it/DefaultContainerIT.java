package dev.nsunit.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A CI job in a plain {@code docker run} container, by mistake: root, but without CAP_SYS_ADMIN and under Docker's
 * seccomp profile. Every isolated sample is skipped with the reason naming the missing privilege and the flags that
 * fix it, plain tests pass, and nothing fails; with {@code nsunit.unsupported=fail} the isolated ones fail with the
 * same reason instead. Both on JUnit 5 and 6.
 */
@RequiresDocker
class DefaultContainerIT {

    private static SampleContainer container;

    @BeforeAll
    static void start() {
        container = SampleContainer.start("default", ContainerFlags.DEFAULT);
    }

    @AfterAll
    static void stop() {
        if (container != null) {
            container.close();
        }
    }

    @ParameterizedTest(name = "on {0}")
    @EnumSource(JUnit.class)
    void isolatedTestsAreSkippedWithTheReasonAndTheFix(JUnit junit) {
        LauncherRun run = container.runSamples("abort-" + junit.folder, junit, null);

        run.assertOutcomes(Samples.expect(Samples::skippedAsRootWithoutSysAdmin));
        assertThat(run.exitCode()).as("no test failed, so the launcher succeeds (output in %s)", run.reports()).isZero();
    }

    @ParameterizedTest(name = "on {0}")
    @EnumSource(JUnit.class)
    void withUnsupportedFailTheyFailWithTheSameReason(JUnit junit) {
        LauncherRun run = container.runSamples("fail-" + junit.folder, junit, null,
                Map.of("nsunit.unsupported", "fail"));

        run.assertOutcomes(Samples.expect(Samples::failedAsRootWithoutSysAdmin));
        assertThat(run.exitCode()).as("tests failed, so the launcher fails (output in %s)", run.reports()).isEqualTo(1);
    }
}
