package dev.nsunit.it;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.testcontainers.containers.Container.ExecResult;

/**
 * Rootless: a non-root user creating namespaces inside a user namespace of its own, which is what
 * {@code @IsolatedUser} does (these tests show what Docker allows, with {@code unshare(1)} standing in for it).
 * Docker's default seccomp profile refuses user namespaces outright, and there the isolated samples, the
 * {@code @IsolatedUser} one included, are skipped with the reason for a non-root user. Without seccomp, user namespaces
 * work, but a PID namespace with a fresh {@code /proc} also needs Docker's masking of {@code /proc} paths off
 * ({@code --security-opt systempaths=unconfined}).
 */
@RequiresDocker
class RootlessIT {

    /** unshare(1) as a non-root user: a user namespace mapping it to root, plus UTS, mount, IPC and network. */
    private static final String[] USER_NAMESPACE = {"unshare", "--user", "--map-root-user", "--uts", "--mount",
        "--ipc", "--net", "sh", "-c", "hostname rootless && cat /proc/sys/kernel/hostname"};
    /** The same with a PID namespace and a fresh /proc, as a test of its own processes would want. */
    private static final String[] WITH_FRESH_PROC = {"unshare", "--user", "--map-root-user", "--uts", "--mount",
        "--ipc", "--net", "--pid", "--fork", "--mount-proc", "sh", "-c", "hostname rootless && echo pid $$"};

    @Test
    void dockersDefaultSeccompProfileRefusesUserNamespaces() {
        try (SampleContainer container = SampleContainer.start("rootless-default", ContainerFlags.DEFAULT)) {
            ExecResult unshare = container.exec(SampleContainer.NON_ROOT, USER_NAMESPACE);

            assertThat(unshare.getExitCode()).isNotZero();
            assertThat(unshare.getStderr()).contains("unshare failed: Operation not permitted");

            // What a non-root user's isolated tests get there today: the reason and the fix, not a failure.
            LauncherRun run = container.runSamples("non-root-junit5", JUnit.FIVE, SampleContainer.NON_ROOT);
            run.assertOutcomes(Samples.expect(Samples::skippedWithoutSysAdmin));
        }
    }

    @Test
    void withoutSeccompUserNamespacesWorkButAFreshProcIsRefused() {
        try (SampleContainer container =
                SampleContainer.start("rootless-seccomp-unconfined", ContainerFlags.SECCOMP_UNCONFINED)) {
            ExecResult unshare = container.exec(SampleContainer.NON_ROOT, USER_NAMESPACE);
            assertThat(unshare.getExitCode()).as(unshare.getStderr()).isZero();
            assertThat(unshare.getStdout()).isEqualTo("rootless\n");

            ExecResult freshProc = container.exec(SampleContainer.NON_ROOT, WITH_FRESH_PROC);
            assertThat(freshProc.getExitCode()).isNotZero();
            assertThat(freshProc.getStderr()).contains("mount /proc failed: Operation not permitted");
        }
    }

    @Test
    void withProcUnmaskedTooAFreshProcMounts() {
        try (SampleContainer container = SampleContainer.start("rootless-seccomp-and-proc-unconfined",
                ContainerFlags.SECCOMP_AND_PROC_UNCONFINED)) {
            ExecResult freshProc = container.exec(SampleContainer.NON_ROOT, WITH_FRESH_PROC);

            assertThat(freshProc.getExitCode()).as(freshProc.getStderr()).isZero();
            assertThat(freshProc.getStdout()).isEqualTo("pid 1\n");
        }
    }
}
