package dev.nsunit.internal.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/** A child's identity map is written only once its user namespace is proven not to be this JVM's own. */
class IdentityMappingTest {

    @Test
    void writesNoMapForAProcessInThisJvmsOwnUserNamespace() throws Exception {
        long self = ProcessHandle.current().pid();
        String ownMap = Files.readString(Path.of("/proc/self/uid_map"));

        assertThatThrownBy(() -> IdentityMapping.write(self))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("The child " + self + " says it is born, but it is in this JVM's own user namespace; not "
                        + "writing its id maps");
        assertThat(Files.readString(Path.of("/proc/self/uid_map"))).isEqualTo(ownMap);
    }
}
