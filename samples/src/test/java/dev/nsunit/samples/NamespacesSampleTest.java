package dev.nsunit.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;

import org.junit.jupiter.api.Test;

import dev.nsunit.Namespace;
import dev.nsunit.Namespaces;

/**
 * {@code @Namespaces} names several namespace types in one annotation; it means exactly what stacking
 * {@code @IsolatedUts @IsolatedNetwork @IsolatedPid} would.
 */
@Namespaces({Namespace.UTS, Namespace.NETWORK, Namespace.PID})
class NamespacesSampleTest {

    @Test
    void getsAllThree() throws Exception {
        assertThat(ProcessHandle.current().pid()).isEqualTo(1);
        try (ServerSocket server = new ServerSocket(80, 50, InetAddress.getLoopbackAddress())) {
            assertThat(server.getLocalPort()).isEqualTo(80);
        }
    }
}
