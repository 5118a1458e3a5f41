package dev.nsunit.docs;

import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;

import org.junit.jupiter.api.Test;

import dev.nsunit.NetworkConditions;

// tag::conditions[]
@NetworkConditions(delayMillis = 300)
class SlowNetworkTest {
    @Test
    void theClientGivesUpAfterItsConnectTimeout() throws Exception {
        try (var server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
                var client = new Socket()) {
            // The handshake's first packet alone takes 300 ms.
            assertThrows(SocketTimeoutException.class, () -> client.connect(server.getLocalSocketAddress(), 100));
        }
    }
}
// end::conditions[]
