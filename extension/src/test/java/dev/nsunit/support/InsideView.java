package dev.nsunit.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.NetworkInterface;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;

/** What fixtures assert inside their child, one namespace type each, so combinations read as a list. */
public final class InsideView {

    private InsideView() {
    }

    public static void hostnameIs(String expected) throws Exception {
        assertThat(Files.readString(Path.of("/proc/sys/kernel/hostname")).strip()).isEqualTo(expected);
    }

    public static void isEmptyTmpfs(String path) throws Exception {
        assertThat(Files.readAllLines(Path.of("/proc/self/mountinfo")))
                .anyMatch(line -> line.split(" ")[4].equals(path) && line.contains(" - tmpfs "));
        try (var entries = Files.list(Path.of(path))) {
            assertThat(entries).isEmpty();
        }
        Files.writeString(Path.of(path, "written-inside"), "x");
    }

    public static void onlyLoopbackIsUp() throws Exception {
        assertThat(Collections.list(NetworkInterface.getNetworkInterfaces())).extracting(NetworkInterface::getName)
                .containsExactly("lo");
        assertThat(NetworkInterface.getByName("lo").isUp()).isTrue();
    }

    public static void noSystemVObjects() throws Exception {
        for (String kind : new String[] {"shm", "sem", "msg"}) {
            assertThat(Files.readAllLines(Path.of("/proc/sysvipc", kind))).as(kind).hasSize(1);
        }
    }

    public static void isProcessOneSeeingOnlyItself() {
        assertThat(ProcessHandle.current().pid()).isEqualTo(1);
        assertThat(ProcessHandle.allProcesses().map(ProcessHandle::pid)).containsExactly(1L);
    }

    public static void isRootMappedFrom(String outsideUid) throws Exception {
        assertThat(Files.readString(Path.of("/proc/self/uid_map")).strip().split("\\s+"))
                .containsExactly("0", outsideUid, "1");
    }
}
