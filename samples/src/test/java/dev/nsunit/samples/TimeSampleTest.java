package dev.nsunit.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.nsunit.IsolatedTime;

/**
 * {@code @IsolatedTime}: the machine seems to have been up for 400 days (CLOCK_BOOTTIME, {@code /proc/uptime}), and
 * {@code System.nanoTime()} (CLOCK_MONOTONIC) is 100 days further than it would be. The wall clock
 * ({@code System.currentTimeMillis()}, {@code Instant.now()}) is the machine's: no namespace moves it.
 */
@IsolatedTime(monotonic = "100 d", boottime = "400 d")
class TimeSampleTest {

    @Test
    void theMachineSeemsUpFor400Days() throws Exception {
        String uptime = Files.readString(Path.of("/proc/uptime"));
        double seconds = Double.parseDouble(uptime.substring(0, uptime.indexOf(' ')));
        assertThat(seconds).isGreaterThanOrEqualTo(Duration.ofDays(400).toSeconds());
    }

    @Test
    void nanoTimeIsFarFromZeroAndTimeoutsStillWork() throws Exception {
        assertThat(System.nanoTime()).isGreaterThanOrEqualTo(Duration.ofDays(100).toNanos());
        long start = System.nanoTime();
        Thread.sleep(10);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(10), Duration.ofMinutes(1));
    }
}
