package dev.nsunit.benchmark;

import java.io.File;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * The fixture of tests that call a library ({@code LibraryTests}, under {@code src/library/java}), compiled when the
 * benchmark starts and loaded with AssertJ's jar in a class loader of its own: its children's class path then holds
 * AssertJ, and the other fixtures' does not.
 */
final class LibraryFixture {

    /** The path of AssertJ's jar, which the module's build passes (it is a {@code provided} dependency). */
    static final String ASSERTJ = "nsunit.benchmark.assertj";
    /** The directory of the fixture's source, which the module's build passes. */
    static final String SOURCE = "nsunit.benchmark.library.source";
    private static final String CLASS_NAME = "dev.nsunit.benchmark.library.LibraryTests";

    private LibraryFixture() {
    }

    /** Compiles the fixture into the directory and loads it. */
    static Class<?> load(Path classes) throws IOException, ClassNotFoundException, BenchmarkFailure {
        Path assertj = Path.of(required(ASSERTJ));
        Path source = Path.of(required(SOURCE));
        if (!Files.isRegularFile(assertj)) {
            throw new BenchmarkFailure("AssertJ's jar is not at " + assertj + " (-D" + ASSERTJ + ")");
        }
        List<String> sources;
        try (Stream<Path> files = Files.walk(source)) {
            sources = files.filter(file -> file.toString().endsWith(".java")).map(Path::toString).toList();
        }
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        if (compiler == null || sources.isEmpty()) {
            throw new BenchmarkFailure(compiler == null ? "this JDK has no Java compiler for the library fixture"
                    : "no library fixture under " + source);
        }
        Files.createDirectories(classes);
        List<String> arguments = Stream.concat(Stream.of("-d", classes.toString(), "-cp",
                System.getProperty("java.class.path") + File.pathSeparator + assertj, "-proc:none"),
                sources.stream()).toList();
        int status = compiler.run(null, null, null, arguments.toArray(String[]::new));
        if (status != 0) {
            throw new BenchmarkFailure("the library fixture does not compile (javac exit status " + status
                    + ", its errors above)");
        }
        URLClassLoader loader = new URLClassLoader("library-fixture", new URL[] {url(classes), url(assertj)},
                LibraryFixture.class.getClassLoader());
        return Class.forName(CLASS_NAME, false, loader);
    }

    private static String required(String property) throws BenchmarkFailure {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            throw new BenchmarkFailure("-D" + property + " is not set; run the benchmark through Maven (see the "
                    + "module's README)");
        }
        return value;
    }

    private static URL url(Path path) throws MalformedURLException {
        return path.toUri().toURL();
    }
}
