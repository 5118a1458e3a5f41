package dev.nsunit.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.nsunit.IsolatedNetwork;
import dev.nsunit.IsolatedPerClass;

// tag::per-class[]
@IsolatedPerClass
@IsolatedNetwork
class PerClassServerTest {
    static EchoServer server;

    @BeforeAll
    static void start() throws IOException {
        server = EchoServer.listenOn(8080); // once, in the child's network namespace
    }

    @Test
    void answers() throws IOException {
        assertEquals("hello", EchoServer.ask(8080, "hello"));
    }

    @Test
    void answersTwice() throws IOException {
        assertEquals("one", EchoServer.ask(8080, "one"));
        assertEquals("two", EchoServer.ask(8080, "two"));
    }

    @AfterAll
    static void stop() throws IOException {
        server.close();
    }
}
// end::per-class[]
