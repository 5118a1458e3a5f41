package dev.nsunit.internal.launch;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Opcodes;

/**
 * The two types of JUnit Jupiter's API that nsunit's guard implements and names, {@code PreInterruptCallback} and
 * {@code PreInterruptContext}, for the children of a test JVM whose Jupiter is older than 5.12, which added them.
 *
 * <p>Every isolation annotation registers the guard, and a class whose interface is missing does not load: on JUnit
 * 5.9 to 5.11 (which Spring Boot 3.0 to 3.4 manage, and which libraries such as jackson-core still test with) every
 * isolated test failed in its child with a {@code NoClassDefFoundError}. Those Jupiters never call a
 * {@code PreInterruptCallback}, so empty interfaces of the same names are all the guard needs there. They are
 * written once, as a jar (the class-data archive's training run, which loads the guard too, runs on jars alone),
 * into nsunit's cache directory, and added to the children's class path only where the tests' Jupiter has no such
 * types, so they never stand in for a Jupiter's own. The test JVM never loads them; there the guard is loaded only
 * when Jupiter meets an isolated test itself (the nsunit engine was left out), and then fails to load, so the test
 * is failed, not run.
 */
public final class JupiterApiStubs {

    /** Named for the release whose types it holds; its content never changes. */
    static final String JAR = "junit-jupiter-api-5.12-pre-interrupt-types.jar";
    private static final String PACKAGE = "org/junit/jupiter/api/extension/";
    /** The date of the jar's entries: fixed, in any time zone. */
    private static final LocalDateTime DATED = LocalDateTime.of(2025, 2, 21, 0, 0);
    private static final String CALLBACK = "PreInterruptCallback";
    private static final String CONTEXT = "PreInterruptContext";

    /** Warnings are printed once per JVM, however many runs see the problem. */
    private static final Set<String> WARNED = ConcurrentHashMap.newKeySet();

    private JupiterApiStubs() {
    }

    /**
     * The class path entry that the children of tests loaded by {@code testLoader} need besides their own: the jar
     * holding the two types, written there first if missing or damaged; empty where the tests' Jupiter has them, or
     * where the jar cannot be kept (after one warning; without a cache directory, after {@link CacheDirectory}'s):
     * the isolated tests then fail in their children.
     */
    public static Optional<Path> classPathEntry(ClassLoader testLoader, Optional<Path> cacheDir,
            Consumer<String> warnings) {
        if (hasPreInterruptCallback(testLoader) || cacheDir.isEmpty()) {
            return Optional.empty();
        }
        Path jar = cacheDir.get().toAbsolutePath().normalize().resolve(JAR);
        try {
            byte[] content = jar();
            if (!(Files.isRegularFile(jar) && Arrays.equals(Files.readAllBytes(jar), content))) {
                Files.createDirectories(jar.getParent());
                CacheFile.replace(jar, content);
            }
            return Optional.of(jar);
        }
        catch (IOException | UncheckedIOException e) {
            String warning = "nsunit: this run's JUnit Jupiter is older than 5.12, and nsunit cannot keep the two "
                    + "types of Jupiter 5.12 its children need in " + jar + " (" + e + "); set nsunit.cache.dir to "
                    + "a directory you may write, or use JUnit 5.12 or later";
            if (WARNED.add(warning)) {
                warnings.accept(warning);
            }
            return Optional.empty();
        }
    }

    private static boolean hasPreInterruptCallback(ClassLoader testLoader) {
        try {
            Class.forName(PACKAGE.replace('/', '.') + CALLBACK, false, testLoader);
            return true;
        }
        catch (ClassNotFoundException | LinkageError before512) {
            return false;
        }
    }

    /** The jar, the same bytes every time, so that a damaged one is told apart. */
    static byte[] jar() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream out = new JarOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> type : types().entrySet()) {
                JarEntry entry = new JarEntry(type.getKey() + ".class");
                entry.setTimeLocal(DATED);
                out.putNextEntry(entry);
                out.write(type.getValue());
                out.closeEntry();
            }
        }
        catch (IOException inMemory) {
            throw new UncheckedIOException(inMemory);
        }
        return bytes.toByteArray();
    }

    /** The class files, by name: Jupiter 5.12's two types, without their Javadoc. */
    private static Map<String, byte[]> types() {
        Map<String, byte[]> types = new LinkedHashMap<>();
        types.put(PACKAGE + CALLBACK, anInterface(CALLBACK, new String[] { PACKAGE + "Extension" },
                "beforeThreadInterrupt", "(L" + PACKAGE + CONTEXT + ";L" + PACKAGE + "ExtensionContext;)V",
                new String[] { "java/lang/Exception" }));
        types.put(PACKAGE + CONTEXT, anInterface(CONTEXT, null, "getThreadToInterrupt", "()Ljava/lang/Thread;",
                null));
        return types;
    }

    /** A public interface of one abstract method. */
    private static byte[] anInterface(String name, String[] superInterfaces, String method, String descriptor,
            String[] exceptions) {
        ClassWriter writer = new ClassWriter(0);
        writer.visit(Opcodes.V17, Opcodes.ACC_PUBLIC | Opcodes.ACC_INTERFACE | Opcodes.ACC_ABSTRACT, PACKAGE + name,
                null, "java/lang/Object", superInterfaces);
        writer.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_ABSTRACT, method, descriptor, null, exceptions)
                .visitEnd();
        writer.visitEnd();
        return writer.toByteArray();
    }
}
