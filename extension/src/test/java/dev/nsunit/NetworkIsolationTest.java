package dev.nsunit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Collections;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.nsunit.support.Fixtures;
import dev.nsunit.support.HostUnchanged;
import dev.nsunit.support.NeedsNamespaces;

@NeedsNamespaces
@ExtendWith(HostUnchanged.class)
class NetworkIsolationTest {

    @Test
    void childSeesOnlyLoopbackAndItIsUp() {
        Fixtures.run(OnlyLoopback.class).testEvents().assertStatistics(stats -> stats.succeeded(1).failed(0));
    }

    @Test
    void concurrentTestsBindTheSamePortEachInItsOwnNamespace() throws Exception {
        // The host's own listener on the port would make every one of them fail, were they not isolated.
        try (ServerSocket hostListener = new ServerSocket(18080, 50, InetAddress.getLoopbackAddress())) {
            Fixtures.run(SamePort.class, Map.of(
                    "junit.jupiter.execution.parallel.enabled", "true",
                    "junit.jupiter.execution.parallel.mode.default", "concurrent",
                    "junit.jupiter.execution.parallel.config.strategy", "fixed",
                    "junit.jupiter.execution.parallel.config.fixed.parallelism", "3"))
                    .testEvents().assertStatistics(stats -> stats.succeeded(3).failed(0));
        }
    }

    static class OnlyLoopback {
        @Test
        @IsolatedNetwork
        void seesLoopbackOnly() throws Exception {
            assertThat(Collections.list(NetworkInterface.getNetworkInterfaces()))
                    .extracting(NetworkInterface::getName).containsExactly("lo");
            assertThat(NetworkInterface.getByName("lo").isUp()).isTrue();
        }
    }

    static class SamePort {
        @ParameterizedTest
        @ValueSource(strings = {"a", "b", "c"})
        @IsolatedNetwork
        void servesOnTheSamePort(String payload) throws Exception {
            try (ServerSocket server = new ServerSocket(18080, 50, InetAddress.getLoopbackAddress());
                    Socket client = new Socket(InetAddress.getLoopbackAddress(), 18080);
                    Socket accepted = server.accept()) {
                OutputStream out = client.getOutputStream();
                out.write(payload.getBytes());
                out.flush();
                InputStream in = accepted.getInputStream();
                assertEquals(payload, new String(in.readNBytes(1)));
                Thread.sleep(500);
            }
        }
    }
}
