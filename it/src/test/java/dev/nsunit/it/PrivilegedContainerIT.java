package dev.nsunit.it;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.nsunit.it.SampleContainer.State;

/**
 * Privileged CI: a job in a container started with the flags the README gives ({@code --cap-add SYS_ADMIN
 * --security-opt seccomp=unconfined --security-opt apparmor=unconfined}), as on GitLab with the capability flags or
 * a GitHub Actions job container with those {@code options}. The samples pass there, on JUnit 5 and 6, and the
 * container's own hostname and mounts are as before. The same container shows what a non-root job gets, which is
 * why GitHub Actions jobs on the runner itself need {@code sudo}, and what engine filters do to isolated tests.
 */
@RequiresDocker
class PrivilegedContainerIT {

    private static SampleContainer container;

    @BeforeAll
    static void start() {
        container = SampleContainer.start("ci-flags", ContainerFlags.CI);
    }

    @AfterAll
    static void stop() {
        if (container != null) {
            container.close();
        }
    }

    @ParameterizedTest(name = "on {0}")
    @EnumSource(JUnit.class)
    void samplesPassAsRootAndLeaveTheContainerAsItWas(JUnit junit) {
        State before = container.state();

        LauncherRun run = container.runSamples("root-" + junit.folder, junit, null);

        run.assertOutcomes(Samples.expect(Samples::passing));
        assertThat(run.exitCode()).as("the exit code of the launcher (output in %s)", run.reports()).isZero();
        assertThat(container.state()).as("the container's hostname, domain name and mounts").isEqualTo(before);
        assertThat(container.javaProcesses()).as("java processes left in the container").isEmpty();
    }

    /**
     * An engine filter that names the engines to run must name nsunit's beside Jupiter's, as the guard's message
     * says; then everything runs as without a filter.
     */
    @Test
    void anEngineFilterThatIncludesNsunitRunsTheSamplesAsUsual() {
        LauncherRun run = container.runSamples("both-engines-junit5", JUnit.FIVE, null,
                "--include-engine=junit-jupiter", "--include-engine=nsunit");

        run.assertOutcomes(Samples.expect(Samples::passing));
        assertThat(run.exitCode()).as("the exit code of the launcher (output in %s)", run.reports()).isZero();
    }

    /**
     * Leaving nsunit's engine out ({@code --include-engine=junit-jupiter}, as Surefire's
     * {@code includeJUnit5Engines} or Gradle's {@code includeEngines} may) must not run isolated tests in place,
     * nor let them vanish: Jupiter meets them and fails each with the reason, before any of their code runs. Here
     * root could rename the container, so its unchanged hostname shows that no isolated test ran.
     */
    @ParameterizedTest(name = "on {0}")
    @EnumSource(JUnit.class)
    void withNsunitsEngineLeftOutIsolatedTestsFailWithTheReasonAndNoneRuns(JUnit junit) {
        State before = container.state();

        LauncherRun run = container.runSamples("jupiter-only-" + junit.folder, junit, null,
                "--include-engine=junit-jupiter");

        run.assertOutcomesOfFailedClasses(Samples.expect(Samples::failedAsNotIsolated));
        assertThat(run.exitCode()).as("tests failed, so the launcher fails (output in %s)", run.reports()).isEqualTo(1);
        assertThat(container.state()).as("the container's hostname, domain name and mounts").isEqualTo(before);
        assertThat(container.javaProcesses()).as("java processes left in the container").isEmpty();
    }

    /**
     * GitHub Actions' runner user, or any non-root job: no CAP_SYS_ADMIN, whatever the container may grant root.
     * Seccomp is unconfined here, so user namespaces work: {@code @IsolatedUser} samples pass, and the others'
     * reason suggests it.
     */
    @Test
    void asANonRootUserOnlyRootlessTestsRunAndTheOthersAreSkippedWithTheReason() {
        LauncherRun run = container.runSamples("non-root-junit5", JUnit.FIVE, SampleContainer.NON_ROOT);

        run.assertOutcomes(Samples.expect(Samples::skippedWithoutSysAdminButRootlessPasses));
        assertThat(run.exitCode()).as("no test failed, so the launcher succeeds (output in %s)", run.reports()).isZero();
    }

    /**
     * With Docker's default seccomp profile, {@code unshare} of UTS and mount namespaces is allowed to a process
     * with CAP_SYS_ADMIN, so the capability alone is enough here. Hosts where AppArmor is active (Ubuntu's
     * GitHub runners) confine containers with {@code docker-default}, which denies {@code mount}: there
     * {@code apparmor=unconfined} is needed too, which this machine (no AppArmor) cannot show.
     */
    @Test
    void theCapabilityAloneIsEnoughUnderDockersDefaultSeccompProfile() {
        try (SampleContainer sysAdminOnly = SampleContainer.start("sys-admin-only", ContainerFlags.SYS_ADMIN_ONLY)) {
            State before = sysAdminOnly.state();

            LauncherRun run = sysAdminOnly.runSamples("root-junit5", JUnit.FIVE, null,
                    "--select-class=dev.nsunit.samples.HostnameSampleTest",
                    "--select-class=dev.nsunit.samples.ScratchMountSampleTest");

            run.assertOutcomes(Samples.expect(Samples::passing, "HostnameSampleTest", "ScratchMountSampleTest"));
            assertThat(sysAdminOnly.state()).isEqualTo(before);
        }
    }

    /**
     * {@code --privileged} (GitLab's {@code privileged = true} runners) grants every capability; where Docker can
     * do that, the samples pass. Not on this machine's kernel, whose bounding set lacks CAP_SYS_RESOURCE, so Docker
     * refuses to start the container ("unable to apply caps"); the test is then aborted with Docker's reason.
     */
    @Test
    void privilegedModeWhereDockerCanGrantIt() {
        SampleContainer privileged;
        try {
            privileged = SampleContainer.start("privileged", ContainerFlags.PRIVILEGED);
        }
        catch (RuntimeException e) {
            String why = causes(e);
            Assumptions.assumeFalse(why.contains("unable to apply caps"),
                    () -> "Docker cannot start a --privileged container on this machine: " + why);
            throw e;
        }
        try (privileged) {
            LauncherRun run = privileged.runSamples("root-junit5", JUnit.FIVE, null,
                    "--select-class=dev.nsunit.samples.HostnameSampleTest",
                    "--select-class=dev.nsunit.samples.ScratchMountSampleTest");

            run.assertOutcomes(Samples.expect(Samples::passing, "HostnameSampleTest", "ScratchMountSampleTest"));
        }
    }

    private static String causes(Throwable e) {
        StringBuilder messages = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            messages.append(messages.length() == 0 ? "" : " <- ").append(t.getMessage());
        }
        return messages.toString();
    }
}
