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
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * A class path split the way the JDK can archive it: the jars it may archive, in order, then everything else in
 * its order. The JDK archives classes from jars only, and only from a prefix of the class path, so a child that
 * starts from an archive runs with those jars first. A jar stays out of that prefix when moving it before the
 * entries it followed would change what a child loads: it holds a class or resource that a directory before it
 * holds too (as a stale release of the project's own jar does, shadowed by {@code target/classes}), or one that
 * another jar left out for that reason holds first; or it declares a service that such an entry declares too, whose
 * providers {@link java.util.ServiceLoader} would then list after the jar's instead of before them. Such jars keep
 * their place after the directories, unarchived, and everything else is archived. Entries that do not exist are
 * left out: they contribute nothing.
 *
 * @param entries  the class path as given, for messages
 * @param archived the jars whose classes the archive holds, in class-path order
 * @param rest     the directories and the jars left out of the archive, in class-path order
 */
record ClassPathLayout(List<Path> entries, List<Path> archived, List<Path> rest) {

    private static final String SERVICES = "META-INF/services/";

    ClassPathLayout {
        entries = List.copyOf(entries);
        archived = List.copyOf(archived);
        rest = List.copyOf(rest);
    }

    static ClassPathLayout of(String classPath) {
        List<Path> entries = new ArrayList<>();
        for (String entry : classPath.split(File.pathSeparator)) {
            if (!entry.isEmpty()) {
                Path path = Path.of(entry).toAbsolutePath().normalize();
                if (Files.isDirectory(path) || Files.isRegularFile(path)) {
                    entries.add(path);
                }
            }
        }
        // One pass in class-path order. A name a class loader finds first in an entry left out of the archive (a
        // directory, which the JDK does not archive, or a jar left out before) keeps out every later jar that holds
        // it: moved ahead of that entry, the jar would win the name. Only later jars can hold such a name first. A jar
        // is asked for those names through its index, not read whole: for a class path of 150 jars after a directory,
        // the first layout of a fresh JVM took 90 to 118 ms instead of 168 to 198 (JDK 17 and 25); with no directory
        // before them, no jar is opened at all.
        Set<String> foundInLeftOut = new HashSet<>();
        List<Path> archived = new ArrayList<>();
        List<Path> rest = new ArrayList<>();
        for (Path entry : entries) {
            if (Files.isDirectory(entry) || !heldIn(entry, foundInLeftOut).isEmpty()) {
                Set<String> names = namesIn(entry);
                // Every copy of a service file is read, in class-path order: a jar ahead that declares it too does not
                // settle the order of the providers after it, as it settles which copy of a class is loaded.
                Set<String> firstWins = new HashSet<>(names);
                firstWins.removeIf(ClassPathLayout::isService);
                for (Path before : archived) {
                    // found first in a jar that keeps its place ahead of this entry
                    names.removeAll(heldIn(before, firstWins));
                }
                foundInLeftOut.addAll(names);
                rest.add(entry);
            }
            else {
                archived.add(entry);
            }
        }
        return new ClassPathLayout(entries, archived, rest);
    }

    /** The archived jars, then the rest. */
    String archivedOrder() {
        List<String> ordered = new ArrayList<>();
        archived.forEach(jar -> ordered.add(jar.toString()));
        rest.forEach(entry -> ordered.add(entry.toString()));
        return String.join(File.pathSeparator, ordered);
    }

    /** The class path of the training run that records the archive. */
    String archivedOnly() {
        return String.join(File.pathSeparator, archived.stream().map(Path::toString).toList());
    }

    /**
     * The classes and resources a class loader could find in the entry by a single name, and the services it
     * declares. Left out: directories, {@code module-info.class}, and the rest of {@code META-INF/}, the manifests,
     * licences and build metadata that every jar has of its own.
     */
    private static Set<String> namesIn(Path entry) {
        return Files.isDirectory(entry) ? namesUnder(entry) : namesInJar(entry);
    }

    private static Set<String> namesInJar(Path jar) {
        Set<String> names = new LinkedHashSet<>();
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            Enumeration<? extends ZipEntry> zipEntries = zip.entries();
            while (zipEntries.hasMoreElements()) {
                ZipEntry entry = zipEntries.nextElement();
                if (!entry.isDirectory() && counts(entry.getName())) {
                    names.add(entry.getName());
                }
            }
        }
        catch (IOException notAZip) {
            // not a jar the JVM can load anything from either
        }
        return names;
    }

    /**
     * Those of the names that the jar holds. The jar's index is read, not its entries one by one: a name is looked up,
     * unless there are more names than entries.
     */
    private static Set<String> heldIn(Path jar, Set<String> names) {
        Set<String> held = new HashSet<>();
        if (names.isEmpty()) {
            return held;
        }
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            if (names.size() <= zip.size()) {
                for (String name : names) {
                    ZipEntry entry = zip.getEntry(name);
                    // getEntry falls back on a directory's entry, name + "/", which no class loader returns
                    if (entry != null && !entry.isDirectory()) {
                        held.add(name);
                    }
                }
            }
            else {
                Enumeration<? extends ZipEntry> zipEntries = zip.entries();
                while (zipEntries.hasMoreElements()) {
                    String name = zipEntries.nextElement().getName();
                    if (names.contains(name)) {
                        held.add(name);
                    }
                }
            }
        }
        catch (IOException notAZip) {
            // not a jar the JVM can load anything from either
        }
        return held;
    }

    /**
     * What a JVM could load from the directory. What cannot be read is left out rather than failing: the child's
     * JVM could not load it from there either, so it cannot change what is loaded.
     */
    private static Set<String> namesUnder(Path directory) {
        Set<String> names = new LinkedHashSet<>();
        try {
            Files.walkFileTree(directory, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                    String name = directory.relativize(file).toString().replace(File.separatorChar, '/');
                    if (attributes.isRegularFile() && counts(name)) {
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

    private static boolean counts(String name) {
        return (!name.startsWith("META-INF/") || isService(name)) && !name.endsWith("module-info.class");
    }

    private static boolean isService(String name) {
        return name.startsWith(SERVICES);
    }
}
