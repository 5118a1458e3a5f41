package dev.nsunit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.nsunit.support.Fixtures;
import dev.nsunit.support.HostState;
import dev.nsunit.support.HostUnchanged;
import dev.nsunit.support.NeedsNamespaces;

@NeedsNamespaces
@ExtendWith(HostUnchanged.class)
class PidIsolationTest {

    private static final String MARKER = "nsunit.spec.sleepMarker";
    private static final String PARENT_PID_NAMESPACE = "nsunit.spec.parentPidNamespace";

    @Test
    void childIsProcessOneAndWithAMountNamespaceSeesOnlyItsOwnProcesses() {
        Fixtures.run(SeesOwnProcesses.class).testEvents().assertStatistics(stats -> stats.succeeded(1).failed(0));
    }

    @Test
    void withoutAMountNamespaceTheChildIsStillProcessOne() {
        System.setProperty(PARENT_PID_NAMESPACE, HostState.now().namespaces().get("pid"));
        try {
            Fixtures.run(PidOnly.class).testEvents().assertStatistics(stats -> stats.succeeded(1).failed(0));
        }
        finally {
            System.clearProperty(PARENT_PID_NAMESPACE);
        }
    }

    @Test
    void processesThatEscapeTheirSessionStillDieWithTheChild() throws Exception {
        // A unique sleep duration marks the daemon, so the host can look for it by command line.
        String seconds = "600." + Math.abs(UUID.randomUUID().getMostSignificantBits() % 1_000_000);
        System.setProperty(MARKER, seconds);
        try {
            Fixtures.run(StartsDaemon.class).testEvents().assertStatistics(stats -> stats.succeeded(1));
        }
        finally {
            System.clearProperty(MARKER);
        }
        assertThat(ProcessHandle.allProcesses()
                .filter(process -> process.info().commandLine().orElse("").contains("sleep " + seconds)))
                .as("the daemon the test started").isEmpty();
    }

    static class SeesOwnProcesses {
        @Test
        @IsolatedPid
        @IsolatedMount
        void isProcessOne() throws Exception {
            assertThat(ProcessHandle.current().pid()).isEqualTo(1);
            assertThat(ProcessHandle.allProcesses().map(ProcessHandle::pid)).containsExactly(1L);
            Process ps = new ProcessBuilder("sh", "-c", "ls -d /proc/[0-9]* | wc -l").start();
            // the JVM, sh, ls and wc: the host's processes are not there
            assertThat(Integer.parseInt(new String(ps.getInputStream().readAllBytes()).strip())).isLessThan(6);
        }
    }

    static class PidOnly {
        @Test
        @IsolatedPid
        void isProcessOne() throws Exception {
            assertThat(ProcessHandle.current().pid()).isEqualTo(1);
            assertThat(Files.readSymbolicLink(Path.of("/proc/thread-self/ns/pid")).toString())
                    .isNotEqualTo(System.getProperty(PARENT_PID_NAMESPACE));
        }
    }

    static class StartsDaemon {
        @Test
        @IsolatedPid
        @IsolatedMount
        void startsADaemonInANewSession() throws Exception {
            String seconds = System.getProperty(MARKER);
            Process starter = new ProcessBuilder("setsid", "-f", "sleep", seconds).inheritIO().start();
            assertThat(starter.waitFor()).isZero();
        }
    }
}
