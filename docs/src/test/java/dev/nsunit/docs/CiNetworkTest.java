package dev.nsunit.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import dev.nsunit.IsolatedUts;
import dev.nsunit.JoinNamespace;
import dev.nsunit.Namespace;

// tag::join[]
// CI: ip netns add ci-blue && mvn test -Dci.netns=/run/netns/ci-blue (without the property: skipped)
@JoinNamespace(type = Namespace.NETWORK, pathProperty = "ci.netns")
@IsolatedUts(hostname = "blue-client")
class CiNetworkTest {
    @Test
    void runsInTheNetworkNamespaceCiMade() throws Exception {
        // The very namespace the property names: same inode.
        assertEquals(Files.getAttribute(Path.of(System.getProperty("ci.netns")), "unix:ino"),
                Files.getAttribute(Path.of("/proc/self/ns/net"), "unix:ino"));
        // And a UTS namespace of its own, new as ever.
        assertEquals("blue-client", Files.readString(Path.of("/proc/sys/kernel/hostname")).strip());
    }
}
// end::join[]
