package dev.nsunit;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.nsunit.internal.launch.ChildProcess;
import dev.nsunit.support.Fixtures;

/**
 * Bad annotation values fail the test before any process is created, naming the annotation, the attribute and
 * the value.
 */
class BadInputTest {

    @ParameterizedTest
    @ValueSource(classes = {HostnameTooLong.class, HostnameWithBadCharacters.class, DomainnameWithLeadingHyphen.class,
            RelativeTmpfs.class, UnnormalizedTmpfs.class, TrailingSlashTmpfs.class, MissingTmpfs.class, RootTmpfs.class,
            ProcTmpfs.class, TmpfsHidingTheJvm.class, NestedTmpfs.class, ConflictingHostnames.class,
            RelativeReadOnly.class, BindWithoutColon.class, BindOfFileOntoDirectory.class, BindIntoTmpfs.class,
            ConflictingUids.class, NegativeUid.class, NegativeGid.class, HostnameWithALineFeed.class,
            MissingRelativeBindSource.class, HostsEntryWithoutEquals.class, HostsEntryWithABadName.class,
            HostsEntryWithAShortenedAddress.class, HostsEntriesUnderABoundHostsFile.class, MemoryWithoutABinaryUnit.class,
            MemoryTooSmallForAJvm.class, PidsTooFewForAJvm.class, NegativePids.class, CpusBelowTheKernelsQuota.class,
            LimitsThatLimitNothing.class, LimitsWithoutIsolation.class, ConflictingLimits.class})
    void failsBeforeAnyChildIsSpawned(Class<?> fixture) throws Exception {
        long spawnsBefore = ChildProcess.spawnAttempts();

        Throwable thrown = ChildFailureTest.failureOf(Fixtures.run(fixture));

        assertThat(thrown).isInstanceOf(ExtensionConfigurationException.class)
                .hasMessageContaining(fixture.getField("MESSAGE").get(null).toString());
        assertThat(ChildProcess.spawnAttempts()).isEqualTo(spawnsBefore);
    }

    static class HostnameTooLong {
        public static final String MESSAGE = "@IsolatedUts(hostname = \"" + "a".repeat(65) + "\") on method "
                + HostnameTooLong.class.getName() + ".test(): the name is 65 bytes long; Linux allows at most 64, "
                + "so shorten it";

        @Test
        @IsolatedUts(hostname = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")
        void test() {
        }
    }

    static class HostnameWithBadCharacters {
        public static final String MESSAGE = "@IsolatedUts(hostname = \"under_score!\") on method "
                + HostnameWithBadCharacters.class.getName() + ".test(): not a valid name";

        @Test
        @IsolatedUts(hostname = "under_score!")
        void test() {
        }
    }

    @IsolatedUts(domainname = "-example.test")
    static class DomainnameWithLeadingHyphen {
        public static final String MESSAGE = "@IsolatedUts(domainname = \"-example.test\") on class "
                + DomainnameWithLeadingHyphen.class.getName() + ": not a valid name";

        @Test
        void test() {
        }
    }

    static class RelativeTmpfs {
        public static final String MESSAGE = "@IsolatedMount(tmpfs = \"srv\") on method "
                + RelativeTmpfs.class.getName() + ".test(): the path must be absolute; start it with '/'";

        @Test
        @IsolatedMount(tmpfs = "srv")
        void test() {
        }
    }

    static class UnnormalizedTmpfs {
        public static final String MESSAGE = "@IsolatedMount(tmpfs = \"/srv/../srv\") on method "
                + UnnormalizedTmpfs.class.getName() + ".test(): the path must be normalized (no '.', '..', '//' or "
                + "trailing '/'); did you mean \"/srv\"?";

        @Test
        @IsolatedMount(tmpfs = "/srv/../srv")
        void test() {
        }
    }

    static class TrailingSlashTmpfs {
        public static final String MESSAGE = "@IsolatedMount(tmpfs = \"/srv/\")";

        @Test
        @IsolatedMount(tmpfs = "/srv/")
        void test() {
        }
    }

    static class MissingTmpfs {
        public static final String MESSAGE = "@IsolatedMount(tmpfs = \"/no/such/dir\") on method "
                + MissingTmpfs.class.getName() + ".test(): no such file or directory; only an existing path can be "
                + "mounted over, so create it before the tests run, or mount over its parent";

        @Test
        @IsolatedMount(tmpfs = "/no/such/dir")
        void test() {
        }
    }

    static class RootTmpfs {
        public static final String MESSAGE = "@IsolatedMount(tmpfs = \"/\") on method " + RootTmpfs.class.getName()
                + ".test(): a tmpfs there would hide what the child JVM itself needs";

        @Test
        @IsolatedMount(tmpfs = "/")
        void test() {
        }
    }

    static class ProcTmpfs {
        public static final String MESSAGE = "@IsolatedMount(tmpfs = \"/proc/sys\")";

        @Test
        @IsolatedMount(tmpfs = "/proc/sys")
        void test() {
        }
    }

    static class TmpfsHidingTheJvm {
        public static final String MESSAGE = "@IsolatedMount(tmpfs = \"/usr\") on method "
                + TmpfsHidingTheJvm.class.getName() + ".test(): a tmpfs there would hide ";

        @Test
        @IsolatedMount(tmpfs = "/usr")
        void test() {
        }
    }

    static class NestedTmpfs {
        public static final String MESSAGE = "@IsolatedMount(tmpfs): \"/sys/kernel\" lies inside \"/sys\", "
                + "which gets a fresh empty tmpfs first, so \"/sys/kernel\" would not exist; keep \"/sys\" alone";

        @Test
        @IsolatedMount(tmpfs = {"/sys", "/sys/kernel"})
        void test() {
        }
    }

    @Retention(RetentionPolicy.RUNTIME)
    @IsolatedUts(hostname = "alpha")
    @interface Alpha {
    }

    @Retention(RetentionPolicy.RUNTIME)
    @IsolatedUts(hostname = "beta")
    @interface Beta {
    }

    static class ConflictingHostnames {
        public static final String MESSAGE = "Conflicting annotations on method "
                + ConflictingHostnames.class.getName() + ".test(): @IsolatedUts(hostname = \"alpha\") via @Alpha on "
                + "method " + ConflictingHostnames.class.getName() + ".test() and @IsolatedUts(hostname = \"beta\") "
                + "via @Beta on method " + ConflictingHostnames.class.getName() + ".test()";

        @Test
        @Alpha
        @Beta
        void test() {
        }
    }

    static class RelativeReadOnly {
        public static final String MESSAGE = "@IsolatedMount(readOnly = \"etc\") on method "
                + RelativeReadOnly.class.getName() + ".test(): the path must be absolute; start it with '/'";

        @Test
        @IsolatedMount(readOnly = "etc")
        void test() {
        }
    }

    static class BindWithoutColon {
        public static final String MESSAGE = "@IsolatedMount(bind = \"/etc\") on method "
                + BindWithoutColon.class.getName() + ".test(): write a bind mount as \"source:target\"";

        @Test
        @IsolatedMount(bind = "/etc")
        void test() {
        }
    }

    static class BindOfFileOntoDirectory {
        public static final String MESSAGE = "@IsolatedMount(bind = \"/etc/hostname:/mnt\") on method "
                + BindOfFileOntoDirectory.class.getName() + ".test(): the source and the target must both be "
                + "directories or both be files";

        @Test
        @IsolatedMount(bind = "/etc/hostname:/mnt")
        void test() {
        }
    }

    static class BindIntoTmpfs {
        public static final String MESSAGE = "@IsolatedMount(bind = \"/etc:/sys/kernel\"): the target lies inside "
                + "\"/sys\", which gets a fresh empty tmpfs first, so the target would not exist; bind onto a path "
                + "outside it";

        @Test
        @IsolatedMount(tmpfs = "/sys", bind = "/etc:/sys/kernel")
        void test() {
        }
    }

    @Retention(RetentionPolicy.RUNTIME)
    @IsolatedUser(uid = 1)
    @interface UserOne {
    }

    static class ConflictingUids {
        public static final String MESSAGE = "Conflicting annotations on method " + ConflictingUids.class.getName()
                + ".test(): @IsolatedUser(uid = \"1\") via @UserOne";

        @Test
        @UserOne
        @IsolatedUser(uid = 2)
        void test() {
        }
    }

    static class NegativeUid {
        public static final String MESSAGE = "@IsolatedUser(uid = \"-1\") on method " + NegativeUid.class.getName()
                + ".test(): not a user or group id; use 0 or more";

        @Test
        @IsolatedUser(uid = -1)
        void test() {
        }
    }

    @IsolatedUser(gid = -5)
    static class NegativeGid {
        public static final String MESSAGE = "@IsolatedUser(gid = \"-5\") on class " + NegativeGid.class.getName()
                + ": not a user or group id; use 0 or more";

        @Test
        void test() {
        }
    }

    static class HostnameWithALineFeed {
        /** The line feed is shown as Java writes it, so the message stays on one line. */
        public static final String MESSAGE = "@IsolatedUts(hostname = \"two\\nlines\") on method "
                + HostnameWithALineFeed.class.getName() + ".test(): not a valid name";

        @Test
        @IsolatedUts(hostname = "two\nlines")
        void test() {
        }
    }

    static class MissingRelativeBindSource {
        public static final String MESSAGE = "@IsolatedMount(bind = \"no/such/dir:/mnt\") on method "
                + MissingRelativeBindSource.class.getName() + ".test(): no such file or directory: "
                + Path.of(System.getProperty("user.dir"), "no/such/dir") + " (a relative source is read from the "
                + "working directory, " + System.getProperty("user.dir") + ")";

        @Test
        @IsolatedMount(bind = "no/such/dir:/mnt")
        void test() {
        }
    }

    static class HostsEntryWithoutEquals {
        public static final String MESSAGE = "@IsolatedUts(hosts = \"db.example 127.0.0.1\") on method "
                + HostsEntryWithoutEquals.class.getName() + ".test(): not a hosts entry; write name=address, such as "
                + "\"db.example=127.0.0.1\"";

        @Test
        @IsolatedUts(hosts = "db.example 127.0.0.1")
        void test() {
        }
    }

    @IsolatedUts(hosts = "db_1=10.0.0.5")
    static class HostsEntryWithABadName {
        public static final String MESSAGE = "@IsolatedUts(hosts = \"db_1=10.0.0.5\") on class "
                + HostsEntryWithABadName.class.getName() + ": the part before '=' is not a host name; use labels of "
                + "letters, digits and '-' separated by '.', at most 253 bytes, such as \"db.example\"";

        @Test
        void test() {
        }
    }

    static class HostsEntryWithAShortenedAddress {
        public static final String MESSAGE = "@IsolatedUts(hosts = \"db=127.1\") on method "
                + HostsEntryWithAShortenedAddress.class.getName() + ".test(): the part after '=' is not an IP "
                + "address; use an IPv4 address such as \"127.0.0.1\" or an IPv6 address such as \"::1\"";

        @Test
        @IsolatedUts(hosts = {"ok=::1", "db=127.1"})
        void test() {
        }
    }

    static class HostsEntriesUnderABoundHostsFile {
        public static final String MESSAGE = "@IsolatedUts(hosts = ...) adds lines to the child's /etc/hosts, and "
                + "@IsolatedMount(bind = \"/etc/hostname:/etc/hosts\") puts a file of the test's own there instead; "
                + "write the lines into that file, or drop the bind";

        @Test
        @IsolatedUts(hosts = "db=127.0.0.1")
        @IsolatedMount(bind = "/etc/hostname:/etc/hosts")
        void test() {
        }
    }

    static class MemoryWithoutABinaryUnit {
        public static final String MESSAGE = "@Limits(memory = \"64M\") on method "
                + MemoryWithoutABinaryUnit.class.getName() + ".test(): not a memory size; write a number and a binary "
                + "unit (B, KiB, MiB, GiB or TiB), such as \"256 MiB\"";

        @Test
        @IsolatedPid
        @Limits(memory = "64M")
        void test() {
        }
    }

    static class MemoryTooSmallForAJvm {
        public static final String MESSAGE = "@Limits(memory = \"16 MiB\") on method "
                + MemoryTooSmallForAJvm.class.getName() + ".test(): a child JVM needs about 48 MiB to start and run "
                + "JUnit; give at least \"48 MiB\"";

        @Test
        @IsolatedPid
        @Limits(memory = "16 MiB")
        void test() {
        }
    }

    static class PidsTooFewForAJvm {
        public static final String MESSAGE = "@Limits(pids = \"10\") on method " + PidsTooFewForAJvm.class.getName()
                + ".test(): a child JVM runs some 20 threads of its own before any test does; give at least 32";

        @Test
        @IsolatedPid
        @Limits(pids = 10)
        void test() {
        }
    }

    static class NegativePids {
        public static final String MESSAGE = "@Limits(pids = \"-1\") on method " + NegativePids.class.getName()
                + ".test(): not a number of processes; give a positive number, or leave pids out for no limit";

        @Test
        @IsolatedPid
        @Limits(pids = -1)
        void test() {
        }
    }

    static class CpusBelowTheKernelsQuota {
        public static final String MESSAGE = "@Limits(cpus = \"0.001\") on method "
                + CpusBelowTheKernelsQuota.class.getName() + ".test(): give a number of CPUs from 0.01 (the kernel's "
                + "smallest quota) to 10000, such as 0.5 for half of one CPU, or leave cpus out for no limit";

        @Test
        @IsolatedPid
        @Limits(cpus = 0.001)
        void test() {
        }
    }

    @IsolatedPid
    @Limits
    static class LimitsThatLimitNothing {
        public static final String MESSAGE = "@Limits on class " + LimitsThatLimitNothing.class.getName()
                + " sets no limit: give memory, pids or cpus, or remove it";

        @Test
        void test() {
        }
    }

    static class LimitsWithoutIsolation {
        public static final String MESSAGE = "@Limits on method " + LimitsWithoutIsolation.class.getName()
                + ".test() limits the child JVM of an isolated test, but method "
                + LimitsWithoutIsolation.class.getName() + ".test() is not isolated: add an isolation annotation "
                + "(@IsolatedPid, say) to it or to its class";

        @Test
        @Limits(memory = "1 GiB")
        void test() {
        }
    }

    @Retention(RetentionPolicy.RUNTIME)
    @Limits(pids = 100)
    @interface Small {
    }

    static class ConflictingLimits {
        public static final String MESSAGE = "Conflicting annotations on method " + ConflictingLimits.class.getName()
                + ".test(): @Limits(pids = \"200\") on method " + ConflictingLimits.class.getName()
                + ".test() and @Limits(pids = \"100\") via @Small on method " + ConflictingLimits.class.getName()
                + ".test(); say it once, or the same way";

        @Test
        @IsolatedPid
        @Limits(pids = 200)
        @Small
        void test() {
        }
    }
}
