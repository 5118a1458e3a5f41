package dev.nsunit.internal.launch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.nsunit.internal.linux.Linux;

/**
 * jffi's native library is written once into the cache, under a name that changes with its content, checked before
 * use, and children load it from there; where the cache cannot be written, children extract their own copy after one
 * warning.
 */
class JffiStubCacheTest {

    private static final byte[] LIBRARY = "the library".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path temp;

    private final List<String> warnings = new CopyOnWriteArrayList<>();

    private JffiStubCache cache(byte[] library) {
        return new JffiStubCache(temp.resolve("cache"), "libjffi-1.2.so", library, warnings::add);
    }

    @Test
    void theLibraryIsWrittenOnceAndLaterRunsReuseTheFile() throws Exception {
        Path directory = cache(LIBRARY).bootPath().orElseThrow();
        Path library = directory.resolve("libjffi-1.2.so");
        FileTime written = FileTime.fromMillis(1_000_000);
        Files.setLastModifiedTime(library, written);

        assertThat(cache(LIBRARY).bootPath()).as("a later run").contains(directory);
        assertThat(Files.getLastModifiedTime(library)).as("not written again").isEqualTo(written);
        assertThat(Files.readAllBytes(library)).isEqualTo(LIBRARY);
        assertThat(directory.getParent()).isEqualTo(temp.resolve("cache").resolve("jffi"));
        assertThat(directory.getParent()).isDirectoryContaining(path -> path.equals(directory))
                .isDirectoryNotContaining(path -> path.toString().endsWith(".partial"));
    }

    @Test
    void aLibraryWithOtherContentGetsADirectoryOfItsOwn() throws Exception {
        Path first = cache(LIBRARY).bootPath().orElseThrow();
        Path second = cache("another release".getBytes(StandardCharsets.UTF_8)).bootPath().orElseThrow();

        assertThat(second).isNotEqualTo(first);
        assertThat(Files.readString(second.resolve("libjffi-1.2.so"))).isEqualTo("another release");
        assertThat(Files.readAllBytes(first.resolve("libjffi-1.2.so"))).isEqualTo(LIBRARY);
    }

    @Test
    void aDamagedLibraryIsReplacedBeforeAnyChildUsesIt() throws Exception {
        Path library = cache(LIBRARY).bootPath().orElseThrow().resolve("libjffi-1.2.so");
        Files.writeString(library, "the librarx");

        assertThat(cache(LIBRARY).bootPath()).isPresent();
        assertThat(Files.readAllBytes(library)).isEqualTo(LIBRARY);
        assertThat(warnings).isEmpty();
    }

    @Test
    void anUnwritableCacheMeansNoBootPathAfterOneWarning() throws Exception {
        Path notADirectory = Files.writeString(temp.resolve("a-file"), "");
        JffiStubCache unwritable = new JffiStubCache(notADirectory.resolve("cache"), "libjffi-1.2.so", LIBRARY,
                warnings::add);

        assertThat(unwritable.bootPath()).isEmpty();
        assertThat(unwritable.bootPath()).isEmpty();

        assertThat(warnings).singleElement().asString()
                .startsWith("nsunit: cannot keep jffi's native library in " + notADirectory.resolve("cache")
                        .resolve("jffi"))
                .endsWith("; each child JVM extracts its own copy").doesNotContain("\n");
    }

    @Test
    void aChildGivenTheOptionLoadsTheCachedLibraryWithoutExtractingOne() throws Exception {
        List<String> options = JffiStubCache.childOptions(temp.resolve("cache"));
        assertThat(options).singleElement().asString().startsWith("-Djffi.boot.library.path=" + temp
                .resolve("cache").resolve("jffi"));

        // Nowhere to extract to: jffi's own way fails here, so the JVM can only succeed from the cache.
        assertThat(runLinuxIn(options)).as("with the cached library").isZero();
        assertThat(runLinuxIn(List.of())).as("without it, the check proves nothing").isNotZero();
    }

    @Test
    void unwritableCacheLeavesChildrenTheirOwnExtraction() throws Exception {
        Path notADirectory = Files.writeString(temp.resolve("a-file"), "");

        assertThat(JffiStubCache.childOptions(notADirectory.resolve("cache"))).isEmpty();
    }

    /** Exit status of a JVM that binds libc, with no temporary or working directory jffi could extract into. */
    private int runLinuxIn(List<String> options) throws Exception {
        List<String> argv = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString()));
        argv.addAll(ChildCommand.quietNativeAccess(Runtime.version().feature()));
        argv.addAll(options);
        argv.addAll(List.of("-Djava.io.tmpdir=" + temp.resolve("absent"),
                "-Duser.dir=" + temp.resolve("absent"), "-cp", System.getProperty("java.class.path"),
                BindLibc.class.getName()));
        Process process = new ProcessBuilder(argv).redirectErrorStream(true)
                .redirectOutput(temp.resolve("output-" + options.size()).toFile()).start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return process.exitValue();
    }

    /** Binds libc and makes one call. */
    public static final class BindLibc {
        public static void main(String[] args) {
            System.out.println(Linux.get().kill(ProcessHandle.current().pid(), 0));
        }
    }
}
