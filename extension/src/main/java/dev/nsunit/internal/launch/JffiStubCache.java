package dev.nsunit.internal.launch;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import com.kenai.jffi.internal.StubLoader;

/**
 * jffi's native stub library (the JNI half of JNR-FFI), extracted once into nsunit's cache directory for every
 * child to load from there.
 *
 * <p>Left to itself, jffi copies {@code libjffi-x.y.so} out of its jar into a new temporary file in every JVM,
 * loads and deletes it: about 50 ms of a child's CPU (the copy, and the security providers that
 * {@code File.createTempFile} initialises for its random name). A JVM whose {@code jffi.boot.library.path} names
 * a directory holding the library loads it directly. The file lives in a directory named for a digest of its
 * content, so a child never meets a library other than its jar's; it is written to a temporary file and renamed,
 * so a child never meets half of one; and it is checked against the jar's before the first child of a run uses it,
 * so a damaged one is replaced. Where it cannot be written, children extract their own copy, as jffi does by
 * default, after one warning.
 */
public final class JffiStubCache {

    /** The directory list jffi's {@code StubLoader} searches before it extracts the library from its jar. */
    static final String BOOT_PATH_PROPERTY = "jffi.boot.library.path";

    /** Warnings are printed once per JVM, however many runs see the problem. */
    private static final Set<String> WARNED = ConcurrentHashMap.newKeySet();
    /** Per cache directory: the option its children get, worked out once per JVM. */
    private static final ConcurrentHashMap<Path, List<String>> OPTIONS = new ConcurrentHashMap<>();

    private final Path directory;
    private final String fileName;
    private final byte[] library;
    private final Consumer<String> warnings;

    /**
     * @param cacheDir nsunit's cache directory; the library goes into its {@code jffi} directory
     * @param fileName the name jffi looks for, {@code libjffi-x.y.so}
     * @param library  the library's content, as jffi's jar holds it
     * @param warnings where the one-line warning goes
     */
    JffiStubCache(Path cacheDir, String fileName, byte[] library, Consumer<String> warnings) {
        this.directory = cacheDir.toAbsolutePath().normalize().resolve("jffi");
        this.fileName = fileName;
        this.library = library.clone();
        this.warnings = warnings;
    }

    /**
     * The JVM options that make a child of this JVM load jffi's library from {@code cacheDir}: none where the user
     * chose a {@code jffi.boot.library.path} of their own (children inherit it), or where the library cannot be
     * found or kept there (children then extract it as jffi does by default).
     */
    public static List<String> childOptions(Path cacheDir) {
        if (System.getProperty(BOOT_PATH_PROPERTY) != null) {
            return List.of();
        }
        return OPTIONS.computeIfAbsent(cacheDir.toAbsolutePath().normalize(), directory -> forThisJvm(directory)
                .bootPath().map(path -> List.of("-D" + BOOT_PATH_PROPERTY + "=" + path)).orElse(List.of()));
    }

    private static JffiStubCache forThisJvm(Path cacheDir) {
        String fileName = System.mapLibraryName("jffi-" + StubLoader.VERSION_MAJOR + "." + StubLoader.VERSION_MINOR);
        // Where StubLoader itself looks for it in its jar.
        String resource = "jni/" + StubLoader.getPlatformName() + "/" + fileName;
        try (InputStream in = StubLoader.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                // No native jar for this platform: jffi fails in the children as it would anyway, with its reason.
                return new JffiStubCache(cacheDir, fileName, new byte[0], System.err::println);
            }
            return new JffiStubCache(cacheDir, fileName, in.readAllBytes(), System.err::println);
        }
        catch (IOException e) {
            throw new UncheckedIOException("Cannot read jffi's native library " + resource + " from its jar", e);
        }
    }

    /**
     * The directory holding the library, written or replaced first if it is missing or damaged; empty where it
     * cannot be written (after one warning) or there is no library to keep.
     */
    Optional<Path> bootPath() {
        if (library.length == 0) {
            return Optional.empty();
        }
        Path home = directory.resolve(HexFormat.of().formatHex(sha256(library), 0, 16));
        Path file = home.resolve(fileName);
        try {
            if (!isIntact(file)) {
                Files.createDirectories(home);
                CacheFile.replace(file, library);
            }
            return Optional.of(home);
        }
        catch (IOException | UncheckedIOException e) {
            String warning = "nsunit: cannot keep jffi's native library in " + directory + " (" + e
                    + "); each child JVM extracts its own copy";
            if (WARNED.add(warning)) {
                warnings.accept(warning);
            }
            return Optional.empty();
        }
    }

    private boolean isIntact(Path file) throws IOException {
        return Files.isRegularFile(file) && Files.size(file) == library.length
                && Arrays.equals(Files.readAllBytes(file), library);
    }

    private static byte[] sha256(byte[] content) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(content);
        }
        catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every JDK has SHA-256", e);
        }
    }
}
