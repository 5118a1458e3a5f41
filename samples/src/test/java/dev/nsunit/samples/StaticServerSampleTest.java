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
 * A server opened by a static field initializer, on the usual port. The class is isolated, so its static
 * initializer runs only in the test's child JVM, inside the test's own network namespace: port 8080 is free there,
 * even while a program on the machine listens on {@code 127.0.0.1:8080}, and while
 * {@link AnotherStaticServerSampleTest}, which opens the same port the same way, runs beside this class. The test
 * JVM never initializes an isolated class: it only reads its annotations to find the tests.
 *
 * <p>The two classes run at the same time because parallel execution is enabled in this module's
 * {@code junit-platform.properties} and both are {@code @Execution(CONCURRENT)}. (A static initializer may not
 * throw a checked exception, hence {@link #openServer()}.)
 */
@IsolatedNetwork
@Execution(ExecutionMode.CONCURRENT)
class StaticServerSampleTest {

    static final ServerSocket SERVER = openServer();

    @Test
    void servesOnPort8080() throws IOException {
        try (Socket client = new Socket(InetAddress.getLoopbackAddress(), 8080);
                Socket accepted = SERVER.accept()) {
            client.getOutputStream().write(1);
            assertThat(accepted.getInputStream().read()).isEqualTo(1);
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
