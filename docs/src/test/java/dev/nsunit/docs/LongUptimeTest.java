package dev.nsunit.docs;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.nsunit.IsolatedTime;

// tag::time[]
@IsolatedTime(monotonic = "100 d", boottime = "400 d")
class LongUptimeTest {
    @Test
    void theMachineSeemsUpFor400Days() throws Exception {
        String uptime = Files.readString(Path.of("/proc/uptime")); // "34560012.34 20.56"
        assertTrue(Double.parseDouble(uptime.split(" ")[0]) >= Duration.ofDays(400).toSeconds());
    }

    @Test
    void nanoTimeIsAHundredDaysAhead() {
        assertTrue(System.nanoTime() >= Duration.ofDays(100).toNanos());
    }
}
// end::time[]
