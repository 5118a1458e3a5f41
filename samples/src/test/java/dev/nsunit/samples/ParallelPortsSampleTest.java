package dev.nsunit.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

import dev.nsunit.IsolatedNetwork;

/**
 * Parallel tests that all listen on port 8080 at the same time, each in its own network namespace, so none of
 * them gets "Address already in use". nsunit runs isolated tests in parallel on the settings Jupiter reads:
 * {@code junit.jupiter.execution.parallel.enabled=true} in this module's {@code junit-platform.properties}, and
 * {@code @Execution(CONCURRENT)} here (or the {@code junit.jupiter.execution.parallel.mode.*} defaults). It starts
 * one child per test, side by side, and reports each result on its own test.
 */
@IsolatedNetwork
@Execution(ExecutionMode.CONCURRENT)
class ParallelPortsSampleTest {

    @Test
    void first() throws Exception {
        holdPort8080();
    }

    @Test
    void second() throws Exception {
        holdPort8080();
    }

    @Test
    void third() throws Exception {
        holdPort8080();
    }

    /** Listens long enough for the other tests' children to listen on the same port meanwhile. */
    private static void holdPort8080() throws IOException, InterruptedException {
        try (ServerSocket server = new ServerSocket(8080, 50, InetAddress.getLoopbackAddress())) {
            assertThat(server.getLocalPort()).isEqualTo(8080);
            Thread.sleep(1_000);
        }
    }
}
