package dev.nsunit.docs;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * A tiny server for the examples: on a port of 127.0.0.1, it sends back whatever a connection sends it, one
 * connection after the other, on a thread of its own until it is closed.
 */
final class EchoServer implements AutoCloseable {

    private final ServerSocket socket;

    private EchoServer(ServerSocket socket) {
        this.socket = socket;
    }

    /** Listens on the port of the loopback address and answers on a daemon thread. */
    static EchoServer listenOn(int port) throws IOException {
        EchoServer server = new EchoServer(new ServerSocket(port, 50, InetAddress.getLoopbackAddress()));
        Thread answering = new Thread(server::answerEachConnection, "echo-" + port);
        answering.setDaemon(true);
        answering.start();
        return server;
    }

    /** Connects to the port of the loopback address, sends the question and returns the answer. */
    static String ask(int port, String question) throws IOException {
        try (Socket connection = new Socket(InetAddress.getLoopbackAddress(), port)) {
            connection.getOutputStream().write(question.getBytes(UTF_8));
            connection.shutdownOutput();
            return new String(connection.getInputStream().readAllBytes(), UTF_8);
        }
    }

    private void answerEachConnection() {
        while (!socket.isClosed()) {
            try (Socket connection = socket.accept()) {
                connection.getInputStream().transferTo(connection.getOutputStream());
            }
            catch (IOException closedOrBroken) {
                // closed: the loop ends; a broken connection: on to the next one
            }
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
