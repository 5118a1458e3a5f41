package dev.nsunit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.nsunit.support.Fixtures;
import dev.nsunit.support.NeedsNamespaces;
import dev.nsunit.support.HostState;
import dev.nsunit.support.HostUnchanged;

@NeedsNamespaces
@ExtendWith(HostUnchanged.class)
class UtsIsolationTest {

    private static final String PARENT_UTS = "nsunit.spec.parentUts";

    @BeforeEach
    void tellFixturesTheParentsNamespace() {
        System.setProperty(PARENT_UTS, HostState.now().namespaces().get("uts"));
    }

    @AfterEach
    void forget() {
        System.clearProperty(PARENT_UTS);
    }

    @Test
    void testRunsInANewUtsNamespaceWithTheRequestedNames() {
        Fixtures.run(SetsNames.class).testEvents().assertStatistics(stats -> stats.succeeded(1).failed(0));
    }

    @Test
    void testMayChangeTheHostnameItselfWithoutTheHostSeeingIt() {
        Fixtures.run(ChangesHostnameItself.class).testEvents().assertStatistics(stats -> stats.succeeded(1));
    }

    @Test
    void classAnnotationIsolatesEveryTestIncludingNestedOnes() {
        Fixtures.run(ClassLevel.class).testEvents().assertStatistics(stats -> stats.succeeded(2).failed(0));
    }

    @Test
    void anAnnotationOnATestInterfaceIsolatesTheTestsOfTheClassesThatImplementIt() {
        Fixtures.assertEachPassed(Fixtures.run(ImplementsAnIsolatedInterface.class), 2);
    }

    @IsolatedUts(hostname = "from-interface")
    interface IsolatedByInterface {

        @Test
        default void inheritedTest() throws Exception {
            assertEquals("from-interface", read("/proc/sys/kernel/hostname"));
        }
    }

    static class ImplementsAnIsolatedInterface implements IsolatedByInterface {
        @Test
        void ownTest() throws Exception {
            assertEquals("from-interface", read("/proc/sys/kernel/hostname"));
        }
    }

    @Test
    void aComposedAnnotationOnABaseClassIsolatesTheTestsOfItsSubclassesThoughItIsNotInherited() {
        Fixtures.assertEachPassed(Fixtures.run(ExtendsAComposedBase.class), 2);
    }

    /** Without {@code @Inherited}: Java does not pass it on to subclasses, Jupiter does. */
    @Target(ElementType.TYPE)
    @Retention(RetentionPolicy.RUNTIME)
    @IsolatedUts(hostname = "from-base")
    @interface FromBase {
    }

    @FromBase
    static class ComposedBase {
        @Test
        void inheritedTest() throws Exception {
            assertEquals("from-base", read("/proc/sys/kernel/hostname"));
        }
    }

    static class ExtendsAComposedBase extends ComposedBase {
        @Test
        void ownTest() throws Exception {
            assertEquals("from-base", read("/proc/sys/kernel/hostname"));
        }
    }

    @Test
    void theNewHostnameResolvesToLoopbackAsTheLocalHost() {
        Fixtures.assertEachPassed(Fixtures.run(ResolvesItsHostname.class), 1);
    }

    static class ResolvesItsHostname {
        @Test
        @IsolatedUts(hostname = "resolvable")
        void getLocalHost() throws Exception {
            InetAddress local = InetAddress.getLocalHost();

            assertEquals("resolvable", local.getHostName());
            assertThat(local.isLoopbackAddress()).as(local.toString()).isTrue();
            assertThat(Files.readString(Path.of("/etc/hosts"))).as("the host's entries, and the new one")
                    .contains("localhost").endsWith("# nsunit: added for this isolated test\n127.0.0.1\tresolvable\n");
        }
    }

    @Test
    void namesTheTestAddsResolveInItsChildOnly() {
        Fixtures.assertEachPassed(Fixtures.run(AddsHostsEntries.class), 1);
    }

    @IsolatedUts(hosts = "db.example=127.0.0.1")
    static class AddsHostsEntries {
        @Test
        @IsolatedUts(hostname = "app", hosts = {"cache.example=10.1.2.3", "v6.example=::1"})
        void resolves() throws Exception {
            assertThat(InetAddress.getByName("db.example").getHostAddress()).isEqualTo("127.0.0.1");
            assertThat(InetAddress.getByName("cache.example").getHostAddress()).isEqualTo("10.1.2.3");
            assertThat(InetAddress.getByName("v6.example").isLoopbackAddress()).isTrue();
            assertThat(Files.readString(Path.of("/etc/hosts"))).as("the host's entries, then the child's")
                    .contains("localhost", "# nsunit: added for this isolated test\n127.0.0.1\tapp\n",
                            "\n127.0.0.1\tdb.example\n", "\n10.1.2.3\tcache.example\n", "\n::1\tv6.example\n");
        }
    }

    static class SetsNames {
        @Test
        @IsolatedUts(hostname = "bizarro", domainname = "example.test")
        void seesBizarro() throws Exception {
            assertEquals("bizarro", read("/proc/sys/kernel/hostname"));
            assertEquals("example.test", read("/proc/sys/kernel/domainname"));
            assertNotEquals(System.getProperty(PARENT_UTS), Files.readSymbolicLink(Path.of("/proc/self/ns/uts"))
                    .toString());
        }
    }

    static class ChangesHostnameItself {
        @Test
        @IsolatedUts
        void setsItsOwnName() throws Exception {
            Process process = new ProcessBuilder("hostname", "changed-by-test").inheritIO().start();
            assertEquals(0, process.waitFor());
            assertEquals("changed-by-test", read("/proc/sys/kernel/hostname"));
        }
    }

    @IsolatedUts(hostname = "outer")
    static class ClassLevel {
        @Test
        void outerTest() throws Exception {
            assertEquals("outer", read("/proc/sys/kernel/hostname"));
        }

        @Nested
        class Inner {
            @Test
            void nestedTest() throws Exception {
                assertEquals("outer", read("/proc/sys/kernel/hostname"));
            }
        }
    }

    static String read(String path) throws Exception {
        return Files.readString(Path.of(path)).strip();
    }
}
