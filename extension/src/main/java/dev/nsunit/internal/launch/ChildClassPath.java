package dev.nsunit.internal.launch;

import java.io.File;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

import dev.nsunit.internal.child.ChildMain;

/**
 * The class path a child needs to load the test the parent runs: the parent's {@code java.class.path}, then the
 * entries of the class loaders the test class was loaded through (a launcher such as the JUnit console launcher
 * started with {@code -jar} puts the tests in a {@code URLClassLoader} of its own), then nsunit itself, wherever
 * it was loaded from.
 */
public final class ChildClassPath {

    private ChildClassPath() {
    }

    public static String of(String javaClassPath, ClassLoader testLoader) {
        Set<String> entries = new LinkedHashSet<>();
        for (String entry : javaClassPath.split(File.pathSeparator)) {
            if (!entry.isEmpty()) {
                entries.add(entry);
            }
        }
        for (ClassLoader loader = testLoader; loader != null; loader = loader.getParent()) {
            if (loader instanceof URLClassLoader urls) {
                for (URL url : urls.getURLs()) {
                    fileOf(url).ifPresent(entries::add);
                }
            }
        }
        CodeSource nsunit = ChildMain.class.getProtectionDomain().getCodeSource();
        if (nsunit != null) {
            fileOf(nsunit.getLocation()).ifPresent(entries::add);
        }
        return String.join(File.pathSeparator, entries);
    }

    private static Optional<String> fileOf(URL url) {
        if (url == null || !"file".equals(url.getProtocol())) {
            return Optional.empty();
        }
        try {
            return Optional.of(Path.of(url.toURI()).toString());
        }
        catch (URISyntaxException | IllegalArgumentException unusable) {
            return Optional.empty();
        }
    }
}
