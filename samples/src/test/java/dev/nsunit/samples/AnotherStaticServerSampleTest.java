package dev.nsunit.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

import dev.nsunit.IsolatedNetwork;

/**
 * The twin of {@link StaticServerSampleTest}: another class whose static field initializer opens port 8080, run at
 * the same time as that one. Each class is initialized only in its own child JVM, in its own network namespace, so
 * neither gets "Address already in use", and neither minds what listens on the machine's port 8080.
 */
@IsolatedNetwork
@Execution(ExecutionMode.CONCURRENT)
class AnotherStaticServerSampleTest {

    static final ServerSocket SERVER = openServer();

    @Test
    void alsoServesOnPort8080() throws IOException {
        assertThat(SERVER.getLocalPort()).isEqualTo(8080);
        try (Socket client = new Socket(InetAddress.getLoopbackAddress(), 8080);
                Socket accepted = SERVER.accept()) {
            client.getOutputStream().write(2);
            assertThat(accepted.getInputStream().read()).isEqualTo(2);
        }
    }

    private static ServerSocket openServer() {
        try {
            return new ServerSocket(8080, 50, InetAddress.getLoopbackAddress());
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
