package dev.nsunit.support;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

import dev.nsunit.internal.child.ChildMain;

/**
 * A copy of this JVM's class path that any user can read, for running specifications as an unprivileged user
 * (the originals may sit under root's home, which others cannot enter). Deleted on close.
 */
public final class ReadableClassPath implements AutoCloseable {

    private final Path root;
    private final String classPath;

    private ReadableClassPath(Path root, String classPath) {
        this.root = root;
        this.classPath = classPath;
    }

    public static ReadableClassPath copy() throws IOException {
        return copy(false);
    }

    /**
     * The same, with nsunit's own classes in a jar, as users have them (the build gives this module's tests a
     * directory): only then can children start from a class-data archive.
     */
    public static ReadableClassPath copyWithNsunitAsJar() throws IOException {
        return copy(true);
    }

    private static ReadableClassPath copy(boolean nsunitAsJar) throws IOException {
        Path nsunitClasses = Path.of(URI.create(ChildMain.class.getProtectionDomain().getCodeSource().getLocation()
                .toString()));
        Path root = Files.createTempDirectory("nsunit-spec-classpath",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        List<String> entries = new ArrayList<>();
        int index = 0;
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (entry.isEmpty()) {
                continue;
            }
            Path source = Path.of(entry);
            Path target = root.resolve(index++ + "-" + source.getFileName());
            if (nsunitAsJar && source.equals(nsunitClasses)) {
                target = jarOf(source, root.resolve(target.getFileName() + ".jar"));
            }
            else {
                copyTree(source, target);
            }
            entries.add(target.toString());
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.toList()) {
                Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(
                        Files.isDirectory(path) ? "rwxr-xr-x" : "rw-r--r--"));
            }
        }
        return new ReadableClassPath(root, String.join(File.pathSeparator, entries));
    }

    /** A jar of everything under {@code classes}, at their paths relative to it. */
    public static Path jarOf(Path classes, Path jar) throws IOException {
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
                Stream<Path> files = Files.walk(classes)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(file).toString().replace(File.separatorChar, '/')));
                Files.copy(file, out);
                out.closeEntry();
            }
        }
        return jar;
    }

    /**
     * A Java agent's jar, {@code -javaagent:} its path: a manifest naming {@code agent}'s class, whose
     * {@code premain} runs as a JVM starts; the class itself comes from the class path, which the JVM searches too.
     */
    public static Path agentJarOf(Class<?> agent, Path jar) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().putValue("Premain-Class", agent.getName());
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
            out.flush();
        }
        return jar;
    }

    private static void copyTree(Path source, Path target) throws IOException {
        try (Stream<Path> paths = Files.walk(source)) {
            for (Path path : paths.toList()) {
                Files.copy(path, target.resolve(source.relativize(path).toString()));
            }
        }
    }

    public String classPath() {
        return classPath;
    }

    /**
     * The option that gives an unprivileged test JVM a cache directory inside this copy, which any user may write
     * and which goes with it: otherwise nsunit would choose one under {@code java.io.tmpdir} for that user (nobody's
     * home, {@code /nonexistent}, cannot be written) and leave it there after the build.
     */
    public String cacheDirectoryOption() throws IOException {
        Path cache = root.resolve("cache");
        if (!Files.isDirectory(cache)) {
            Files.createDirectory(cache);
            Files.setPosixFilePermissions(cache, PosixFilePermissions.fromString("rwxrwxrwx"));
        }
        return "-Dnsunit.cache.dir=" + cache;
    }

    @Override
    public void close() throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.delete(path);
                }
                catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
