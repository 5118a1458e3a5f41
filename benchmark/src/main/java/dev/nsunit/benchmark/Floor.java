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
import java.util.jar.JarInputStream;
import java.util.jar.JarOutputStream;

import dev.nsunit.benchmark.fixtures.Fixtures;
import dev.nsunit.benchmark.fixtures.PlainTests;
import dev.nsunit.internal.child.ChildMain;
import dev.nsunit.internal.launch.ChildCommand;
import dev.nsunit.internal.launch.ClassDataArchives;
import dev.nsunit.internal.launch.JffiStubCache;

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
 *
 * <p>{@link #prepareBindingLibc} makes a second floor, the least a child that keeps JNR-FFI can cost: the same JVM
 * binds libc through nsunit's own {@code Linux} and makes the calls a child makes first ({@link RunOneBindingLibc}),
 * then runs its test; JNR-FFI's jars and nsunit's classes join the class path and the archive, and jffi's library
 * is loaded from a directory, as nsunit's children load it. nsunit's classes come without the jar's service
 * registrations, so that its Launcher runs Jupiter alone, as a child's does. It starts with a child's heap,
 * compiler and reflection flags ({@code ChildCommand.costFlags}), since a child does: with the floor's own, it would
 * count compilations, a young generation and method handles that no child pays for.
 *
 * <p>{@link #prepareWholeClass} makes a third, the floor of a class run whole in one JVM: the same JVM running all
 * of {@link PlainTests}' tests, from an archive made from that run. What it costs beyond the floor of one test is
 * what JUnit itself charges a fresh JVM for the class's other tests.
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

    /** The jars of JNR-FFI (jnr-ffi, jffi and what they load), by their file names' beginnings. */
    private static final List<String> BINDING_JARS = List.of("jnr-", "jffi-", "asm-");
    /** Where a jar registers what {@code ServiceLoader} finds: engines, listeners and filters for the Launcher. */
    private static final String SERVICES = "META-INF/services/";

    private final Path directory;
    private final String java;
    private final String classPath;
    private final List<String> flags;
    private final Class<?> main;
    /** What the Launcher runs: one test's unique id, or a class's and how many tests it has. */
    private final List<String> selection;
    private final Path archive;
    private final boolean aotCache;

    private Floor(Path directory, String classPath, List<String> flags, Class<?> main, List<String> selection) {
        this.directory = directory;
        this.java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        this.classPath = classPath;
        this.flags = List.copyOf(flags);
        this.main = main;
        this.selection = List.copyOf(selection);
        this.aotCache = Runtime.version().feature() >= AOT_CACHE_FEATURE;
        this.archive = archiveNamed("floor");
    }

    /** Writes the fixture jar into {@code directory} (emptied first) and makes the archive from a run of one test. */
    static Floor prepare(Path directory) throws Exception {
        Set<String> classPath = floorClassPath(directory);
        Floor floor = new Floor(directory, String.join(File.pathSeparator, classPath), FLAGS, RunOne.class,
                List.of(FreshJvmCase.plainTest(1)));
        floor.makeArchive(floor.archive);
        return floor;
    }

    /** Like {@link #prepare}, for all of {@link PlainTests}' tests in one JVM; the archive made from that run. */
    static Floor prepareWholeClass(Path directory) throws Exception {
        Set<String> classPath = floorClassPath(directory);
        Floor floor = new Floor(directory, String.join(File.pathSeparator, classPath), FLAGS, RunOne.class,
                List.of(Fixtures.wholeClass(PlainTests.class), String.valueOf(Fixtures.TESTS)));
        floor.makeArchive(floor.archive);
        return floor;
    }

    /**
     * Like {@link #prepare}, for the floor of a child that keeps JNR-FFI: {@link RunOneBindingLibc} binds libc as a
     * child does before it runs the test, with the flags a child's binding needs.
     */
    static Floor prepareBindingLibc(Path directory) throws Exception {
        Set<String> classPath = floorClassPath(directory);
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            String name = Path.of(entry).getFileName().toString();
            if (name.endsWith(".jar") && BINDING_JARS.stream().anyMatch(name::startsWith)) {
                classPath.add(entry);
            }
        }
        // nsunit's classes without its service registrations: with them, this floor's Launcher would also run the
        // nsunit engine's discovery (measured on JDK 25: 60 ms of CPU and 6.6 MiB more), which no child runs: a
        // child's Launcher discovers with Jupiter alone.
        classPath.add(withoutServices(Path.of(jarOf(ChildMain.class.getName())),
                directory.resolve("nsunit-classes.jar")).toString());
        List<String> flags = new ArrayList<>(FLAGS);
        // As nsunit's ChildCommand: a child's heap, compiler thresholds and reflection (measured with the floor's own
        // heap and thresholds instead, JDK 25: 276 against 245 ms of CPU per test, JDK 17: 480 against 411; with the
        // JDK's own reflection, JDK 25: 220 against 213), jffi's library from a directory
        // instead of a temporary copy, and no warnings for native access on newer JDKs.
        flags.addAll(ChildCommand.costFlags());
        flags.addAll(JffiStubCache.childOptions(directory));
        flags.addAll(ChildCommand.quietNativeAccess(Runtime.version().feature()));
        Floor floor = new Floor(directory, String.join(File.pathSeparator, classPath), flags,
                RunOneBindingLibc.class, List.of(FreshJvmCase.plainTest(1)));
        floor.makeArchive(floor.archive);
        return floor;
    }

    /** Empties {@code directory}, writes the fixture jar into it; that jar and JUnit's. */
    private static Set<String> floorClassPath(Path directory) throws Exception {
        Directories.deleteTree(directory);
        Files.createDirectories(directory);
        Set<String> classPath = new LinkedHashSet<>();
        classPath.add(fixtureJar(directory.resolve("fixtures.jar")).toString());
        for (String name : JUNIT_CLASSES) {
            classPath.add(jarOf(name));
        }
        return classPath;
    }

    private static Path fixtureJar(Path jar) throws IOException {
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            for (Class<?> type : List.of(RunOne.class, RunOneBindingLibc.class, PlainTests.class)) {
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

    /** A copy of {@code jar} into {@code copy}, leaving out its {@code META-INF/services/} entries. */
    private static Path withoutServices(Path jar, Path copy) throws IOException {
        try (JarInputStream in = new JarInputStream(Files.newInputStream(jar));
                JarOutputStream out = in.getManifest() == null ? new JarOutputStream(Files.newOutputStream(copy))
                        : new JarOutputStream(Files.newOutputStream(copy), in.getManifest())) {
            for (JarEntry entry = in.getNextJarEntry(); entry != null; entry = in.getNextJarEntry()) {
                if (!entry.getName().startsWith(SERVICES)) {
                    out.putNextEntry(new JarEntry(entry.getName()));
                    in.transferTo(out);
                    out.closeEntry();
                }
            }
        }
        return copy;
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

    /**
     * Runs what the archive is made from (one test, or a whole class), making an archive of that run into
     * {@code archive} as it goes, as the JDK does: the whole of what a JVM per test pays before a test can start from
     * an archive, on a machine that has none yet.
     */
    void makeArchive(Path archive) throws IOException, InterruptedException, BenchmarkFailure {
        List<String> argv = new ArrayList<>(List.of(java));
        argv.addAll(flags);
        // On JDK 25 an AOT cache without the C2 compiler's method profiles, as nsunit's children have: a C1-only
        // JVM runs cheaper from it (measured: 300 against 260 ms of CPU per test).
        argv.addAll(ClassDataArchives.recordingNoProfiles(Runtime.version().feature()));
        argv.add(aotCache ? "-XX:AOTCacheOutput=" + archive : "-XX:ArchiveClassesAtExit=" + archive);
        argv.addAll(List.of("-cp", classPath, main.getName()));
        argv.addAll(selection);
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
        return command(List.of(uniqueId));
    }

    /** The command that runs the test of a unique id with one more JVM option (a system property, say). */
    List<String> command(String uniqueId, String jvmOption) {
        List<String> argv = new ArrayList<>(command(uniqueId));
        // Before "-cp <class path> <main class> <arguments>", which end every command.
        argv.add(argv.indexOf("-cp"), jvmOption);
        return argv;
    }

    /** The command that runs what the archive was made from: one test, or a whole class. */
    List<String> command() {
        return command(selection);
    }

    private List<String> command(List<String> arguments) {
        List<String> argv = new ArrayList<>(List.of(java));
        argv.addAll(flags);
        argv.addAll(ClassDataArchives.replayingNoProfiles(Runtime.version().feature()));
        argv.addAll(aotCache ? List.of("-XX:AOTMode=on", "-XX:AOTCache=" + archive)
                : List.of("-Xshare:on", "-XX:SharedArchiveFile=" + archive));
        argv.addAll(List.of("-cp", classPath, main.getName()));
        argv.addAll(arguments);
        return argv;
    }

    /** A file beside the floor's archive, for another archive of the same kind. */
    Path archiveNamed(String stem) {
        return directory.resolve(stem + (aotCache ? ".aot" : ".jsa"));
    }

    /** What archive the floor starts from, for the report. */
    String archiveKind() {
        return aotCache ? "AOT cache" : "AppCDS archive";
    }

    /** The command line (the class path by its jars' names) and how its archive was made, for the report. */
    String describe() {
        String jars = "<" + String.join(File.pathSeparator, Arrays.stream(classPath.split(File.pathSeparator))
                .map(entry -> Path.of(entry).getFileName().toString()).toList()) + ">";
        boolean wholeClass = selection.size() > 1;
        return "`" + String.join(" ", wholeClass ? command() : command("<unique id>")).replace(classPath, jars)
                .replace(directory + "/", "")
                + (wholeClass ? "`, once per run; its archive made once before the rounds by the same command with `"
                        : "`, once per test, for the same tests as the naive fork; its archive made once before the "
                                + "rounds by the same command on repetition 1 with `")
                + (aotCache ? "-XX:AOTCacheOutput" : "-XX:ArchiveClassesAtExit") + "` in place of the archive's use"
                + (ClassDataArchives.recordingNoProfiles(Runtime.version().feature()).isEmpty() ? ""
                        : " and `-XX:-AOTRecordTraining` in place of `-XX:-AOTReplayTraining`");
    }

    @Override
    public void close() throws IOException {
        Directories.deleteTree(directory);
    }
}
