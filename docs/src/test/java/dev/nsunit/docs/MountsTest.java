package dev.nsunit.docs;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import dev.nsunit.IsolatedMount;

// tag::mount[]
@IsolatedMount(tmpfs = "/srv", readOnly = "/usr")
class MountsTest {
    @Test
    void hasScratchSpaceAndCannotChangeUsr() throws Exception {
        Files.writeString(Path.of("/srv/scratch.txt"), "gone with the test"); // a fresh tmpfs
        assertFalse(Files.isWritable(Path.of("/usr"))); // even for root: a read-only mount
    }
}
// end::mount[]
