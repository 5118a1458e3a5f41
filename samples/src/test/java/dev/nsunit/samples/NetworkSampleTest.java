package dev.nsunit.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Collections;

import org.junit.jupiter.api.Test;

import dev.nsunit.IsolatedNetwork;

/**
 * {@code @IsolatedNetwork} gives each test a network namespace of its own, with only the loopback interface, up:
 * the test can listen on the port it likes, and sees none of the machine's interfaces. It cannot connect out.
 */
@IsolatedNetwork
class NetworkSampleTest {

    @Test
    void servesOnTheUsualPort() throws IOException {
        try (ServerSocket server = new ServerSocket(8080, 50, InetAddress.getLoopbackAddress());
                Socket client = new Socket(InetAddress.getLoopbackAddress(), 8080);
                Socket accepted = server.accept()) {
            client.getOutputStream().write(42);
            assertThat(accepted.getInputStream().read()).isEqualTo(42);
        }
    }

    @Test
    void seesOnlyLoopback() throws IOException {
        assertThat(Collections.list(NetworkInterface.getNetworkInterfaces()))
                .extracting(NetworkInterface::getName).containsExactly("lo");
    }
}
