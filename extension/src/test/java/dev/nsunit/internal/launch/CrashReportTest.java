package dev.nsunit.internal.launch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A child's crash report goes to the build's output directory, and its banner says what the test's failure quotes. */
class CrashReportTest {

    private static final List<String> BANNER = List.of(
            "#",
            "# A fatal error has been detected by the Java Runtime Environment:",
            "#",
            "#  SIGSEGV (0xb) at pc=0x00007fa1510d2f94, pid=1, tid=6",
            "#",
            "# JRE version: OpenJDK Runtime Environment (17.0.15+6) (build 17.0.15+6-Debian-1deb12u1)",
            "# Java VM: OpenJDK 64-Bit Server VM (17.0.15+6-Debian-1deb12u1, mixed mode, sharing, linux-amd64)",
            "# Problematic frame:",
            "# V  [libjvm.so+0xed2f94]  Unsafe_PutLong+0x124",
            "#",
            "# CreateCoredumpOnCrash turned off, no core file dumped",
            "#",
            "# An error report file with more information is saved as:",
            "# /work/app/target/hs_err_pid1.log",
            "#",
            "# If you would like to submit a bug report, please visit:",
            "#   https://bugs.debian.org/openjdk-17",
            "#");

    @TempDir
    Path temp;

    @Test
    void theReportGoesToMavensTargetThenGradlesBuildElseTheTemporaryDirectory() throws Exception {
        Path project = Files.createDirectories(temp.resolve("project"));
        Path tmp = Files.createDirectories(temp.resolve("tmp"));

        assertThat(CrashReport.directory(project, tmp)).isEqualTo(tmp);
        Files.createDirectory(project.resolve("build"));
        assertThat(CrashReport.directory(project, tmp)).isEqualTo(project.resolve("build"));
        Files.createDirectory(project.resolve("target"));
        assertThat(CrashReport.directory(project, tmp)).isEqualTo(project.resolve("target"));
    }

    @Test
    void theBannerGivesTheSignalTheJreTheProblematicFrameAndTheFile() {
        CrashReport report = CrashReport.fromBanner(BANNER).orElseThrow();

        assertThat(report.lines()).containsExactly(
                "SIGSEGV (0xb) at pc=0x00007fa1510d2f94, pid=1, tid=6",
                "JRE version: OpenJDK Runtime Environment (17.0.15+6) (build 17.0.15+6-Debian-1deb12u1)",
                "Problematic frame:",
                "V  [libjvm.so+0xed2f94]  Unsafe_PutLong+0x124");
        assertThat(report.file()).hasValue(Path.of("/work/app/target/hs_err_pid1.log"));
    }

    @Test
    void linesWithoutTheHeaderAreNoCrash() {
        assertThat(CrashReport.fromBanner(List.of("#", "# a test's own comment"))).isEmpty();
    }

    @Test
    void aReportNamedAfterThePidInsideAPidNamespaceIsRenamedAfterTheChildsPid() throws Exception {
        Path written = Files.writeString(temp.resolve("hs_err_pid1.log"), "report");

        CrashReport kept = new CrashReport(List.of(), Optional.of(written)).keptFor(4242);

        assertThat(kept.file()).hasValue(temp.resolve("hs_err_pid4242.log"));
        assertThat(temp.resolve("hs_err_pid4242.log")).hasContent("report");
        assertThat(written).doesNotExist();
    }
}
