package dev.nsunit.internal.launch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Without nsunit.cache.dir, archives go to the first directory this user may write: XDG's cache, then HOME's,
 * then user.home's, then a directory of this user's own under java.io.tmpdir.
 */
class CacheDirectoryTest {

    private static final long NOBODY = 65534;

    @TempDir
    Path temp;

    @Test
    void theCandidatesAreXdgThenHomeThenUserHomeThenThisUsersOwnUnderTheTemporaryDirectory() {
        CacheDirectory.Environment environment = new CacheDirectory.Environment(
                Map.of("XDG_CACHE_HOME", "/var/cache/ada", "HOME", "/build/home"), "/nonexistent", "/tmp", NOBODY);

        assertThat(CacheDirectory.candidates(environment)).containsExactly(Path.of("/var/cache/ada/nsunit"),
                Path.of("/build/home/.cache/nsunit"), Path.of("/nonexistent/.cache/nsunit"),
                Path.of("/tmp/nsunit-65534"));
    }

    @Test
    void unsetBlankAndRelativeVariablesAreNoCandidatesAndAHomeNamedTwiceIsTriedOnce() {
        CacheDirectory.Environment environment = new CacheDirectory.Environment(
                Map.of("XDG_CACHE_HOME", "cache", "HOME", "/home/ada"), "/home/ada", "/scratch", 1000);
        CacheDirectory.Environment blank = new CacheDirectory.Environment(Map.of("XDG_CACHE_HOME", " "), "?",
                "/scratch", 1000);

        assertThat(CacheDirectory.candidates(environment)).containsExactly(Path.of("/home/ada/.cache/nsunit"),
                Path.of("/scratch/nsunit-1000"));
        assertThat(CacheDirectory.candidates(blank)).containsExactly(Path.of("/scratch/nsunit-1000"));
    }

    @Test
    void theFirstUsableCandidateIsTaken() {
        List<Path> candidates = List.of(Path.of("/a"), Path.of("/b"), Path.of("/c"));

        assertThat(CacheDirectory.first(candidates, Set.of(Path.of("/b"), Path.of("/c"))::contains))
                .hasValue(Path.of("/b"));
        assertThat(CacheDirectory.first(candidates, path -> false)).isEmpty();
    }

    @Test
    void aDirectoryThatDoesNotExistYetIsUsableWhereItsNearestExistingParentIsWritable() throws Exception {
        assertThat(CacheDirectory.writableOrCreatable(temp.resolve("home/.cache/nsunit"))).isTrue();
        assertThat(CacheDirectory.writableOrCreatable(Files.createFile(temp.resolve("file")).resolve("nsunit")))
                .isFalse();
    }

    @Test
    void theDirectoryUnderTheTemporaryDirectoryIsMadeForThisUserAlone() throws Exception {
        long uid = ((Number) Files.getAttribute(temp, "unix:uid")).longValue();
        Path own = temp.resolve("nsunit-" + uid);

        assertThat(CacheDirectory.ownPrivate(own, uid)).isTrue();
        assertThat(Files.getPosixFilePermissions(own)).isEqualTo(PosixFilePermissions.fromString("rwx------"));
        assertThat(CacheDirectory.ownPrivate(own, uid)).as("taken again in the next run").isTrue();
    }

    @Test
    void aDirectoryUnderTheTemporaryDirectoryThatAnotherUserMadeIsRefused() throws Exception {
        long uid = ((Number) Files.getAttribute(temp, "unix:uid")).longValue();
        Path planted = Files.createDirectory(temp.resolve("nsunit-" + uid));
        Files.setAttribute(planted, "unix:uid", (int) NOBODY);
        Path link = Files.createSymbolicLink(temp.resolve("link"), Files.createDirectory(temp.resolve("target")));
        Path open = Files.createDirectory(temp.resolve("open"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxrwxrwx")));
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxrwx"));

        assertThat(CacheDirectory.ownPrivate(planted, uid)).as("another user's").isFalse();
        assertThat(CacheDirectory.ownPrivate(link, uid)).as("a link").isFalse();
        assertThat(CacheDirectory.ownPrivate(open, uid)).as("writable by all").isFalse();
    }
}
