package dev.nsunit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.nsunit.support.Fixtures;
import dev.nsunit.support.HostState;
import dev.nsunit.support.HostUnchanged;
import dev.nsunit.support.NeedsNamespaces;

/**
 * {@code @Namespaces} lists types instead of stacking annotations; class and method lists unite. The fixture keeps
 * the host's root ({@code @Privileged}), so that no user namespace is added to what it lists (see HardeningTest).
 */
@NeedsNamespaces
@ExtendWith(HostUnchanged.class)
class NamespacesAnnotationTest {

    private static final String PARENT = "nsunit.spec.parentNamespaces";

    @Test
    void everyListedTypeIsNewAndNoOther() {
        System.setProperty(PARENT, String.join(" ", HostState.now().namespaces().values()));
        try {
            Fixtures.run(Listed.class).testEvents().assertStatistics(stats -> stats.succeeded(1).failed(0));
        }
        finally {
            System.clearProperty(PARENT);
        }
    }

    @Privileged
    @Namespaces({Namespace.UTS, Namespace.NETWORK})
    static class Listed {
        @Test
        @Namespaces(Namespace.IPC)
        @IsolatedMount
        void test() throws Exception {
            List<String> parent = List.of(System.getProperty(PARENT).split(" "));
            for (String type : List.of("uts", "net", "ipc", "mnt")) {
                assertThat(parent).as(type).doesNotContain(link(type));
            }
            for (String type : List.of("pid", "user")) {
                assertThat(parent).as(type).contains(link(type));
            }
        }

        private static String link(String type) throws Exception {
            return Files.readSymbolicLink(Path.of("/proc/self/ns", type)).toString();
        }
    }
}
