package dev.nsunit.benchmark;

import java.io.IOException;
import java.io.InputStream;
import java.io.File;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

import dev.nsunit.benchmark.fixtures.PlainTests;

/**
 * The floor of a test isolated in a JVM of its own: the least a fresh JVM of this JDK costs to run the JUnit
 * Launcher on one trivial test, as well prepared as it can be. C1 only ({@code -XX:TieredStopAtLevel=1}), the
 * serial collector, no perf data file, and the best class-data archive this JDK offers, made from that very
 * run: a dynamic AppCDS archive before JDK 25, an AOT cache from 25 on. Nothing of nsunit is on its class path,
 * only JUnit's jars and a jar of {@link RunOne} and {@link PlainTests}: the JDK archives classes from jars only,
 * and on JDK 17 a non-empty directory on the class path makes the dump fail.
 *
 * <p>The runs use the archive with {@code -Xshare:on} ({@code -XX:AOTMode=on} on 25), so a floor that could
 * not map its archive fails instead of being measured without it.
 */
final class Floor implements AutoCloseable {

    private static final int AOT_CACHE_FEATURE = 25;
    private static final List<String> FLAGS = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
            "-XX:-UsePerfData");
    /** A class of each jar the Launcher needs to run a Jupiter test; their jars are the floor's class path. */
    private static final List<String> JUNIT_CLASSES = List.of("org.junit.platform.launcher.core.LauncherFactory",
            "org.junit.platform.engine.TestEngine", "org.junit.platform.commons.JUnitException",
            "org.junit.jupiter.api.Test", "org.junit.jupiter.engine.JupiterTestEngine",
            "org.opentest4j.AssertionFailedError", "org.apiguardian.api.API");

    private final Path directory;
    private final String java;
    private final String classPath;
    private final Path archive;
    private final boolean aotCache;

    private Floor(Path directory, String classPath) {
        this.directory = directory;
        this.java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        this.classPath = classPath;
        this.aotCache = Runtime.version().feature() >= AOT_CACHE_FEATURE;
        this.archive = directory.resolve(aotCache ? "floor.aot" : "floor.jsa");
    }

    /** Writes the fixture jar into {@code directory} (emptied first) and makes the archive from a run of one test. */
    static Floor prepare(Path directory) throws Exception {
        Directories.deleteTree(directory);
        Files.createDirectories(directory);
        Set<String> classPath = new LinkedHashSet<>();
        classPath.add(fixtureJar(directory.resolve("fixtures.jar")).toString());
        for (String name : JUNIT_CLASSES) {
            classPath.add(jarOf(name));
        }
        Floor floor = new Floor(directory, String.join(File.pathSeparator, classPath));
        floor.makeArchive();
        return floor;
    }

    private static Path fixtureJar(Path jar) throws IOException {
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            for (Class<?> type : List.of(RunOne.class, PlainTests.class)) {
                String entry = type.getName().replace('.', '/') + ".class";
                out.putNextEntry(new JarEntry(entry));
                try (InputStream in = Floor.class.getClassLoader().getResourceAsStream(entry)) {
                    in.transferTo(out);
                }
                out.closeEntry();
            }
        }
        return jar;
    }

    private static String jarOf(String className) throws ClassNotFoundException, URISyntaxException,
            BenchmarkFailure {
        Class<?> type = Class.forName(className, false, Floor.class.getClassLoader());
        Path location = Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        if (Files.isDirectory(location)) {
            throw new BenchmarkFailure(className + " comes from the directory " + location + ", not a jar: the "
                    + "floor's archive can only hold classes from jars. Run the benchmark through Maven as its "
                    + "README says");
        }
        return location.toString();
    }

    private void makeArchive() throws IOException, InterruptedException, BenchmarkFailure {
        List<String> argv = new ArrayList<>(List.of(java));
        argv.addAll(FLAGS);
        argv.add(aotCache ? "-XX:AOTCacheOutput=" + archive : "-XX:ArchiveClassesAtExit=" + archive);
        argv.addAll(List.of("-cp", classPath, RunOne.class.getName(), FreshJvmCase.plainTest(1)));
        Process process = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String output;
        try (InputStream in = process.getInputStream()) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        int status = process.waitFor();
        if (status != 0 || !Files.isRegularFile(archive)) {
            throw new BenchmarkFailure("The floor's archive run exited with status " + status + " and left "
                    + (Files.isRegularFile(archive) ? "" : "no ") + archive + ":\n  " + String.join(" ", argv)
                    + "\n" + output);
        }
    }

    /** The command that runs the test of a unique id on the floor. */
    List<String> command(String uniqueId) {
        List<String> argv = new ArrayList<>(List.of(java));
        argv.addAll(FLAGS);
        argv.addAll(aotCache ? List.of("-XX:AOTMode=on", "-XX:AOTCache=" + archive)
                : List.of("-Xshare:on", "-XX:SharedArchiveFile=" + archive));
        argv.addAll(List.of("-cp", classPath, RunOne.class.getName(), uniqueId));
        return argv;
    }

    /** What archive the floor starts from, for the report. */
    String archiveKind() {
        return aotCache ? "AOT cache" : "AppCDS archive";
    }

    /** The command line (the class path by its jars' names) and how its archive was made, for the report. */
    String describe() {
        String jars = "<" + String.join(File.pathSeparator, Arrays.stream(classPath.split(File.pathSeparator))
                .map(entry -> Path.of(entry).getFileName().toString()).toList()) + ">";
        return "`" + String.join(" ", command("<unique id>")).replace(classPath, jars).replace(directory + "/", "")
                + "`, once per test, for the same tests as the naive fork; its archive made once before the rounds "
                + "by the same command on repetition 1 with `"
                + (aotCache ? "-XX:AOTCacheOutput" : "-XX:ArchiveClassesAtExit") + "` in place of the archive's use";
    }

    @Override
    public void close() throws IOException {
        Directories.deleteTree(directory);
    }
}
