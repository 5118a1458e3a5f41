package dev.nsunit.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.nsunit.IsolatedNetwork;
import dev.nsunit.IsolatedPerClass;

/**
 * {@code @IsolatedPerClass} runs all the class's tests in one child JVM: they share its network namespace, and
 * {@code @BeforeAll} runs once there, so a server started for the class serves every test, on the usual port,
 * seen by nobody else. One JVM start for the whole class; every test still reported on its own.
 */
@IsolatedPerClass
@IsolatedNetwork
class PerClassSampleTest {

    static ServerSocket server;

    @BeforeAll
    static void listenOnTheUsualPort() throws IOException {
        server = new ServerSocket(8080, 50, InetAddress.getLoopbackAddress());
    }

    @Test
    void oneTestConnects() throws IOException {
        assertThat(roundTrip(1)).isEqualTo(1);
    }

    @Test
    void anotherTestReachesTheSameServer() throws IOException {
        assertThat(roundTrip(2)).isEqualTo(2);
    }

    @AfterAll
    static void stop() throws IOException {
        server.close();
    }

    private static int roundTrip(int value) throws IOException {
        try (Socket client = new Socket(InetAddress.getLoopbackAddress(), 8080);
                Socket accepted = server.accept()) {
            client.getOutputStream().write(value);
            return accepted.getInputStream().read();
        }
    }
}
