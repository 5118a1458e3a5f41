package dev.nsunit.internal.linux;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** libc's functions as nsunit binds them through jffi: arguments in, results and errno out, as C passes them. */
class LibCTest {

    private static final int EBADF = 9;
    private static final int O_CLOEXEC = 0x80000;
    private static final int F_DUPFD_CLOEXEC = 1030;
    private static final int EFAULT = 14;
    private static final int AF_INET = 2;
    private static final int SOCK_DGRAM = 2;
    private static final long SIOCGIFFLAGS = 0x8913;
    private static final int CLOCK_PROCESS_CPUTIME_ID = 2;

    private final LibC libc = LibC.bind();
    private final List<Integer> opened = new ArrayList<>();

    @AfterEach
    void closeWhatWasOpened() {
        for (int fd : opened) {
            libc.close(fd);
        }
    }

    @Test
    void aFailedCallLeavesTheKernelsErrnoForThisThread() {
        assertThat(libc.close(-1)).isEqualTo(-1);

        assertThat(libc.errno()).isEqualTo(EBADF);
    }

    @Test
    void theProcesssCpuClockCountsTheCpuItsThreadsSpend() {
        long[] before = new long[2];
        long[] after = new long[2];
        assertThat(libc.clockGettime(CLOCK_PROCESS_CPUTIME_ID, before)).isZero();
        long until = System.nanoTime() + 50_000_000L;
        long spins = 0;
        while (System.nanoTime() < until) {
            spins++;
        }
        assertThat(libc.clockGettime(CLOCK_PROCESS_CPUTIME_ID, after)).isZero();

        assertThat(spins).isPositive();
        assertThat(before[1]).isBetween(0L, 999_999_999L);
        assertThat((after[0] - before[0]) * 1_000_000_000L + after[1] - before[1])
                .as("nanoseconds of CPU across 50 ms of spinning").isGreaterThan(25_000_000L);
    }

    @Test
    void strerrorGivesTheCLibrarysTextForAnErrno() {
        assertThat(libc.strerror(EBADF)).isEqualTo("Bad file descriptor");
    }

    @Test
    void bytesWrittenToAPipeAreReadBackIntoTheCallersArray() {
        int[] pipe = pipe();
        byte[] message = "relay".getBytes(StandardCharsets.US_ASCII);

        assertThat(libc.write(pipe[1], message)).isEqualTo(message.length);
        byte[] buffer = new byte[16];
        long read = libc.read(pipe[0], buffer);

        assertThat(read).isEqualTo(message.length);
        assertThat(Arrays.copyOf(buffer, (int) read)).isEqualTo(message);
    }

    @Test
    void aVariadicFunctionReceivesItsVariableArgument() {
        int[] pipe = pipe();

        int copy = keep(libc.fcntl(pipe[0], F_DUPFD_CLOEXEC, 100));

        assertThat(copy).isGreaterThanOrEqualTo(100);
    }

    @Test
    void aNullArrayReachesTheKernelAsTheNullPointer() {
        int socket = keep(libc.socket(AF_INET, SOCK_DGRAM, 0));

        assertThat(libc.ioctl(socket, SIOCGIFFLAGS, null)).isEqualTo(-1);

        assertThat(libc.errno()).as("the kernel found no struct ifreq at address 0").isEqualTo(EFAULT);
    }

    @Test
    void statvfsFillsTheCallersWords() {
        long[] words = new long[14];

        assertThat(libc.statvfs(Linux.cString("/proc"), words)).isZero();

        assertThat(words[10]).as("f_namemax of /proc: NAME_MAX").isEqualTo(255);
    }

    private int[] pipe() {
        int[] fds = new int[2];
        assertThat(libc.pipe2(fds, O_CLOEXEC)).isZero();
        keep(fds[0]);
        keep(fds[1]);
        return fds;
    }

    private int keep(int fd) {
        assertThat(fd).as("a descriptor").isNotNegative();
        opened.add(fd);
        return fd;
    }
}
