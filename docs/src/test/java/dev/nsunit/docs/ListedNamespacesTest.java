package dev.nsunit.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.NetworkInterface;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.nsunit.Namespace;
import dev.nsunit.Namespaces;

// tag::namespaces[]
@Namespaces({Namespace.UTS, Namespace.NETWORK, Namespace.PID})
class ListedNamespacesTest {
    @Test
    void isAloneOnItsOwnNetwork() throws Exception {
        assertEquals(List.of("lo"), NetworkInterface.networkInterfaces().map(NetworkInterface::getName).toList());
        assertEquals(1, ProcessHandle.current().pid());
    }
}
// end::namespaces[]
