package dev.nsunit.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.net.ServerSocket;

import org.junit.jupiter.api.Test;

import dev.nsunit.IsolatedNetwork;

// tag::network[]
@IsolatedNetwork
class ServerTest {
    @Test
    void listensOnTheUsualPortWhateverElseRunsHere() throws Exception {
        try (var server = new ServerSocket(8080, 50, InetAddress.getLoopbackAddress())) {
            assertEquals(8080, server.getLocalPort());
        }
    }
}
// end::network[]
