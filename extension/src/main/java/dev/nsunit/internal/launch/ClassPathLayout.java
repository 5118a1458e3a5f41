package dev.nsunit.internal.launch;

import java.io.File;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * A class path split the way the JDK can archive it: its jars, in order, then its directories, in order. The JDK
 * archives classes from jars only, and only from a prefix of the class path, so a child that starts from an
 * archive runs with its jars first. Entries that do not exist are left out: they contribute nothing.
 *
 * @param entries     the class path as given, for messages
 * @param jars        the jar files, in class-path order
 * @param directories the directories, in class-path order
 */
record ClassPathLayout(List<Path> entries, List<Path> jars, List<Path> directories) {

    ClassPathLayout {
        entries = List.copyOf(entries);
        jars = List.copyOf(jars);
        directories = List.copyOf(directories);
    }

    static ClassPathLayout of(String classPath) {
        List<Path> entries = new ArrayList<>();
        List<Path> jars = new ArrayList<>();
        List<Path> directories = new ArrayList<>();
        for (String entry : classPath.split(File.pathSeparator)) {
            if (entry.isEmpty()) {
                continue;
            }
            Path path = Path.of(entry).toAbsolutePath().normalize();
            entries.add(path);
            if (Files.isDirectory(path)) {
                directories.add(path);
            }
            else if (Files.isRegularFile(path)) {
                jars.add(path);
            }
        }
        return new ClassPathLayout(entries, jars, directories);
    }

    /** The jars, then the directories. */
    String archivedOrder() {
        List<String> ordered = new ArrayList<>();
        jars.forEach(jar -> ordered.add(jar.toString()));
        directories.forEach(directory -> ordered.add(directory.toString()));
        return String.join(File.pathSeparator, ordered);
    }

    String jarsOnly() {
        return String.join(File.pathSeparator, jars.stream().map(Path::toString).toList());
    }

    /**
     * A class that moving the jars before the directories would change: one in a directory that a jar after it
     * also holds, so that the jar's copy would be loaded instead. Empty if the order makes no difference.
     */
    Optional<String> reorderingConflict() {
        Map<String, Path> firstJarHolding = new HashMap<>();
        List<Path> jarsAfter = new ArrayList<>();
        for (int i = entries.size() - 1; i >= 0; i--) {
            Path entry = entries.get(i);
            if (jars.contains(entry)) {
                jarsAfter.add(entry);
                for (String name : classesIn(entry)) {
                    firstJarHolding.put(name, entry);
                }
            }
            else if (directories.contains(entry) && !jarsAfter.isEmpty()) {
                Optional<String> shadowed = classesUnder(entry).stream().filter(firstJarHolding::containsKey)
                        .findFirst();
                if (shadowed.isPresent()) {
                    return Optional.of(shadowed.get() + " is in the directory " + entry + " and in the jar "
                            + firstJarHolding.get(shadowed.get()) + " after it");
                }
            }
        }
        return Optional.empty();
    }

    private static List<String> classesIn(Path jar) {
        List<String> names = new ArrayList<>();
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            Enumeration<? extends ZipEntry> zipEntries = zip.entries();
            while (zipEntries.hasMoreElements()) {
                String name = zipEntries.nextElement().getName();
                if (isClass(name)) {
                    names.add(name);
                }
            }
        }
        catch (IOException notAZip) {
            // not a jar the JVM can load classes from either
        }
        return names;
    }

    /**
     * The classes a JVM could load from the directory. What cannot be read is left out rather than failing: the
     * child's JVM could not load a class from there either, so it cannot change which class is loaded.
     */
    private static List<String> classesUnder(Path directory) {
        List<String> names = new ArrayList<>();
        try {
            Files.walkFileTree(directory, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                    String name = directory.relativize(file).toString().replace(File.separatorChar, '/');
                    if (attributes.isRegularFile() && isClass(name)) {
                        names.add(name);
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException unreadable) {
                    return FileVisitResult.CONTINUE;
                }
            });
        }
        catch (IOException unreadable) {
            // only from the visitor's own methods, which throw none
        }
        return names;
    }

    private static boolean isClass(String name) {
        return name.endsWith(".class") && !name.startsWith("META-INF/") && !name.endsWith("module-info.class");
    }
}
