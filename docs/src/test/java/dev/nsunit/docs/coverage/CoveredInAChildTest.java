package dev.nsunit.docs.coverage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import dev.nsunit.IsolatedUts;

/** Calls {@link Greeting} from a child JVM alone: the hostname proves where it ran. */
class CoveredInAChildTest {

    @Test
    @IsolatedUts(hostname = "covered")
    void greetsFromTheChildsOwnHost() throws Exception {
        assertEquals("Hello from covered", Greeting.fromThisHost());
    }
}
