package dev.nsunit.internal.launch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.URL;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.nsunit.IsolatedUts;
import dev.nsunit.internal.child.ChildMain;
import dev.nsunit.internal.child.PhaseLog;
import dev.nsunit.internal.linux.Errno;
import dev.nsunit.support.FixtureRunner;
import dev.nsunit.support.Java;
import dev.nsunit.support.NeedsNamespaces;
import dev.nsunit.support.ReadableClassPath;

/**
 * Class-data archives are made once, reused by later runs, never used once anything they depend on changed, and
 * never make a child fail: where one cannot be made or used, a single warning says why and children start without.
 *
 * <p>Every case works on its own copy of this JVM's class path, with nsunit's classes in a jar (as users have them)
 * and one small jar of its own that a case may change.
 */
class ClassDataArchivesTest {

    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    private static final int FEATURE = Runtime.version().feature();

    @TempDir
    Path temp;

    private Path cache;
    private Path nsunitJar;
    private Path extraJar;
    private String classPath;
    private final List<String> warnings = new CopyOnWriteArrayList<>();

    @BeforeEach
    void copyTheClassPath() throws IOException {
        cache = temp.resolve("cache");
        Path nsunitClasses = Path.of(ChildMain.class.getProtectionDomain().getCodeSource().getLocation().getPath());
        nsunitJar = ReadableClassPath.jarOf(nsunitClasses, temp.resolve("nsunit.jar"));
        extraJar = storedJar(temp.resolve("extra.jar"), "AAAA");
        List<String> entries = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path path = Path.of(entry);
            if (path.equals(nsunitClasses)) {
                entries.add(nsunitJar.toString());
            }
            else if (Files.isRegularFile(path)) {
                Path copy = temp.resolve(entries.size() + "-" + path.getFileName());
                Files.copy(path, copy);
                entries.add(copy.toString());
            }
            else {
                entries.add(entry);
            }
        }
        entries.add(extraJar.toString());
        classPath = String.join(File.pathSeparator, entries);
    }

    @Test
    void theFirstRunMakesTheArchiveInTheBackgroundAndLaterRunsStartFromIt() throws Exception {
        ChildCommand command = ChildCommand.of(JAVA, classPath, List.of(), List.of());

        ClassDataArchives firstRun = archives();
        assertThat(firstRun.apply(command)).as("the first child, before the archive exists").isEqualTo(command);
        firstRun.close();
        Path archive = onlyArchiveIn(cache);
        FileTime made = Files.getLastModifiedTime(archive);

        ClassDataArchives secondRun = archives();
        ChildCommand started = secondRun.apply(command);
        secondRun.close();

        assertThat(started.argv()).contains(archiveFlag(archive));
        assertThat(classPathOf(started)).as("jars first, then directories")
                .isEqualTo(ClassPathLayout.of(classPath).archivedOrder());
        assertThat(onlyArchiveIn(cache)).isEqualTo(archive);
        assertThat(Files.getLastModifiedTime(archive)).as("reused, not made again").isEqualTo(made);
        assertThat(exitStatusRequiringTheArchive(started)).as("a JVM that must map the archive starts").isZero();
        assertThat(warnings).isEmpty();
    }

    @Test
    void aProjectWithoutJupitersParameterizedTestsGetsItsArchiveAllTheSame() throws Exception {
        String withoutParams = String.join(File.pathSeparator, List.of(classPath.split(File.pathSeparator)).stream()
                .filter(entry -> !entry.contains("junit-jupiter-params")).toList());
        assertThat(withoutParams).isNotEqualTo(classPath);
        ChildCommand command = ChildCommand.of(JAVA, withoutParams, List.of(), List.of());

        ChildCommand started = startedByTheRunAfterTheOneThatMadeItsArchive(command);

        assertThat(warnings).as("the training run's warm-up, its parameterized test left out").isEmpty();
        assertThat(started.argv()).contains(archiveFlag(onlyArchiveIn(cache)));
    }

    /**
     * JDK 25's AOT cache carries method profiles from the training run for the C2 compiler, which a child (C1 only)
     * never runs; a JVM that finds them replays them on a thread of its own, for nothing.
     */
    @Test
    @EnabledForJreRange(min = JRE.JAVA_25)
    void aChildStartedFromTheAotCacheReplaysNoTrainingData() throws Exception {
        ChildCommand started = startedByTheRunAfterTheOneThatMadeItsArchive(
                ChildCommand.of(JAVA, classPath, List.of(), List.of()));

        List<String> argv = new ArrayList<>(started.argv());
        argv.set(argv.indexOf(ChildMain.class.getName()), ThreadNames.class.getName());
        argv.add(1, "-XX:AOTMode=on");
        Process process = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as(output).isZero();

        assertThat(output).as("the JVM's threads").contains("C1 CompilerThre").doesNotContain("Training replay");
    }

    /** Prints the names of this JVM's threads, the JVM's own included, one per line. */
    static final class ThreadNames {

        public static void main(String[] args) throws IOException {
            try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
                for (Path task : tasks.toList()) {
                    System.out.println(Files.readString(task.resolve("comm")).strip());
                }
            }
        }
    }

    @Test
    void aStaleReleaseThatTheProjectsClassesShadowStaysOutOfTheArchiveAndTheRestIsArchived() throws Exception {
        Path projectClasses = Files.createDirectories(temp.resolve("classes/com/acme")).getParent().getParent();
        Files.write(projectClasses.resolve("com/acme/Widget.class"), new byte[] {0});
        Path staleRelease = temp.resolve("acme-0.9.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(staleRelease))) {
            out.putNextEntry(new JarEntry("com/acme/Widget.class"));
            out.write(1);
            out.closeEntry();
        }
        String withStaleRelease = String.join(File.pathSeparator, projectClasses.toString(), staleRelease.toString(),
                classPath);
        ChildCommand command = ChildCommand.of(JAVA, withStaleRelease, List.of(), List.of());
        ClassDataArchives firstRun = archives();
        firstRun.apply(command);
        firstRun.close();

        ChildCommand started = archives().apply(command);

        assertThat(started.argv()).contains(archiveFlag(onlyArchiveIn(cache)));
        List<String> order = List.of(classPathOf(started).split(File.pathSeparator));
        assertThat(order.indexOf(staleRelease.toString())).as("the stale jar still comes after the classes")
                .isGreaterThan(order.indexOf(projectClasses.toString()));
        assertThat(exitStatusRequiringTheArchive(started)).as("a JVM that must map the archive starts").isZero();
        assertThat(warnings).isEmpty();
    }

    @Test
    void aChildStartedFromTheArchiveReadsAServicesProvidersInTheClassPathsOrder() throws Exception {
        Path testClasses = Files.createDirectories(temp.resolve("test-classes/META-INF/services")).getParent()
                .getParent();
        Files.writeString(testClasses.resolve(ServiceFiles.SERVICE), "com.acme.TestProvider\n");
        Path library = temp.resolve("library.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(library))) {
            out.putNextEntry(new JarEntry(ServiceFiles.SERVICE));
            out.write("com.library.DefaultProvider\n".getBytes(StandardCharsets.US_ASCII));
            out.closeEntry();
        }
        ChildCommand command = ChildCommand.of(JAVA,
                String.join(File.pathSeparator, testClasses.toString(), library.toString(), classPath), List.of(),
                List.of());

        ChildCommand started = startedByTheRunAfterTheOneThatMadeItsArchive(command);

        assertThat(started.argv()).contains(archiveFlag(onlyArchiveIn(cache)));
        List<String> argv = new ArrayList<>(started.argv());
        argv.set(argv.indexOf(ChildMain.class.getName()), ServiceFiles.class.getName());
        Process process = new ProcessBuilder(argv).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).isZero();
        assertThat(output.lines()).as("ServiceLoader's first provider is the project's, as in place")
                .containsExactly("com.acme.TestProvider", "com.library.DefaultProvider");
    }

    /** Prints the providers that the copies of a service file on the class path name, in the order they are read. */
    static final class ServiceFiles {

        static final String SERVICE = "META-INF/services/com.acme.Greeter";

        public static void main(String[] args) throws IOException {
            Enumeration<URL> files = ServiceFiles.class.getClassLoader().getResources(SERVICE);
            while (files.hasMoreElements()) {
                try (InputStream in = files.nextElement().openStream()) {
                    System.out.print(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                }
            }
        }
    }

    @Test
    void aChildAboutToBeHandedItsWorkWaitsForTheArchiveItsRunIsMaking() throws Exception {
        ChildCommand command = ChildCommand.of(JAVA, classPath, List.of(), List.of());

        ClassDataArchives run = archives();
        ChildCommand started = run.applyOnceMade(command);
        run.close();

        assertThat(started.argv()).contains(archiveFlag(onlyArchiveIn(cache)));
        assertThat(warnings).isEmpty();
    }

    @Test
    void whileAnotherJvmMakesAnArchiveInTheCacheAChildWaitsForItToEnd() throws Exception {
        ChildCommand command = ChildCommand.of(JAVA, classPath, List.of(), List.of());
        Files.createDirectories(cache);
        Process other = new ProcessBuilder(JAVA, "-cp", System.getProperty("java.class.path"),
                HoldsTheDumpLock.class.getName(), cache.resolve("dump.lock").toString()).start();
        try {
            assertThat(other.inputReader().readLine()).isEqualTo("locked");
            ClassDataArchives run = archives();
            CompletableFuture<ChildCommand> started = new CompletableFuture<>();
            Thread taker = new Thread(() -> {
                try {
                    started.complete(run.applyOnceMade(command));
                }
                catch (Throwable e) {
                    started.completeExceptionally(e);
                }
            });
            taker.start();

            Thread.sleep(1_000);
            assertThat(started).as("the command, while another JVM holds the cache's dump lock").isNotDone();
            other.getOutputStream().close();
            ChildCommand afterwards = started.get(2, TimeUnit.MINUTES);
            run.close();

            assertThat(afterwards.argv()).as("the other JVM made none, so this one did")
                    .contains(archiveFlag(onlyArchiveIn(cache)));
            assertThat(warnings).isEmpty();
        }
        finally {
            other.destroyForcibly();
            other.waitFor();
        }
    }

    /** Holds a cache's dump lock, as a JVM making an archive there does, until its standard input ends. */
    static final class HoldsTheDumpLock {

        public static void main(String[] args) throws IOException {
            try (FileChannel channel = FileChannel.open(Path.of(args[0]), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE); FileLock lock = channel.lock()) {
                System.out.println("locked");
                System.out.flush();
                System.in.readAllBytes();
            }
        }
    }

    @Test
    @NeedsNamespaces
    void inARunWithAnEmptyCacheEvenTheFirstTestsChildStartsFromTheArchiveTheRunMakes() throws Exception {
        Java.Result run = Java.execute(Java.command(List.of(), List.of("-Dnsunit.cache.dir=" + cache), classPath,
                FixtureRunner.class, ArchiveMadeForTheFirstTest.class.getName()));

        assertThat(run.output()).contains("RESULT SUCCESSFUL startsFromTheArchive() |",
                "RESULT SUCCESSFUL soDoesTheNext() |");
    }

    @Test
    @NeedsNamespaces
    void aChildStartedFromTheArchiveLoadsTheLaunchersClassesAndNsunitsOwnFromIt() throws Exception {
        Path logs = runLoggingEveryChildsClassLoading();

        List<String> childrenFromTheArchive = new ArrayList<>();
        List<String> loadedElsewhere = new ArrayList<>();
        List<String> madeAtRunTime = new ArrayList<>();
        List<String> exitFromTheImage = new ArrayList<>();
        try (Stream<Path> files = Files.list(logs)) {
            for (Path log : files.toList()) {
                List<String> lines = Files.readAllLines(log);
                // The training run loads ChildMain from nsunit's jar, and so does a child started without the archive.
                // On JDK 25 the JVM that assembles the AOT cache (started by the training run, with its options)
                // loads it from the cache being made, and makes lambdas there; but it runs no test.
                if (lines.stream().anyMatch(line -> line.contains(" " + ChildMain.class.getName()
                        + " source: shared objects file"))
                        && lines.stream().anyMatch(line -> line.contains(ArchiveMadeForTheFirstTest.class.getName()))) {
                    childrenFromTheArchive.add(log.getFileName().toString());
                    lines.stream()
                            .filter(line -> line.contains(" org.junit.platform.") || line.contains(" dev.nsunit.")
                                    || line.contains(" org.junit.jupiter.params.") || line.contains(" jnr.ffi.")
                                    || line.contains(" com.kenai.jffi."))
                            .filter(line -> line.matches(".* source: .*\\.jar"))
                            .forEach(loadedElsewhere::add);
                    lines.stream()
                            .filter(line -> line.matches(
                                    ".* (dev\\.nsunit\\.internal|org\\.junit\\.jupiter\\.params)\\.\\S*\\$\\$Lambda.*"))
                            .filter(line -> !line.contains("shared objects file"))
                            .filter(line -> !line.contains(ClassDataArchivesTest.class.getName()))
                            .forEach(madeAtRunTime::add);
                    lines.stream()
                            .filter(line -> line.contains(" jdk.internal.logger.") && line.contains(" source: jrt:/"))
                            .forEach(exitFromTheImage::add);
                }
            }
        }
        assertThat(childrenFromTheArchive).as("children started from the archive").isNotEmpty();
        assertThat(loadedElsewhere).as("classes such a child loaded from their jars").isEmpty();
        assertThat(madeAtRunTime).as("lambdas of nsunit's and of a parameterized test's that such a child made")
                .isEmpty();
        assertThat(exitFromTheImage).as("classes such a child's exit read from the JDK's image (since JDK 21, "
                + "Runtime.exit asks System.Logger whether to log)").isEmpty();
    }

    /**
     * A child binds libc through jffi alone ({@code LibC}): JNR-FFI's binding of an interface makes a proxy class
     * and an invoker per function at run time, in every JVM. Nor does the training run, whose classes every child
     * maps (on JDK 25, loads before {@code main}), bind JNR-FFI's way.
     */
    @Test
    @NeedsNamespaces
    void neitherAChildNorTheTrainingRunLoadsJnrFfisBindingOfAnInterface() throws Exception {
        assertThat(loadedByAnyJvm(line -> line.contains(" jnr.ffi."))).isEmpty();
    }

    /**
     * Nothing a child or the training run does formats a number: the formatter loads the JDK's locale data (on JDK 25
     * the CLDR data of every locale, about 50 classes), which a trivial test's run through JUnit never needs. jffi
     * before 1.3.14 named its native library with {@code String.format} as it loaded, in every JVM.
     */
    @Test
    @NeedsNamespaces
    void neitherAChildNorTheTrainingRunLoadsTheJdksLocaleData() throws Exception {
        assertThat(loadedByAnyJvm(line -> line.contains(" java.text.DecimalFormatSymbols ")
                || line.contains(" sun.util.locale.provider.LocaleResources "))).isEmpty();
    }

    /**
     * Runs {@link ArchiveMadeForTheFirstTest} with every child logging the classes it loads, and returns the lines of
     * those logs, the training run's among them, that match.
     */
    private List<String> loadedByAnyJvm(Predicate<String> matching) throws Exception {
        Path logs = runLoggingEveryChildsClassLoading();
        List<Path> jvms;
        try (Stream<Path> files = Files.list(logs)) {
            jvms = files.toList();
        }
        assertThat(jvms).as("the training run and a child per test").hasSizeGreaterThanOrEqualTo(3);
        List<String> lines = new ArrayList<>();
        for (Path log : jvms) {
            Files.readAllLines(log).stream().filter(matching).forEach(lines::add);
        }
        return lines;
    }

    /** Runs {@link ArchiveMadeForTheFirstTest}, each child logging the classes it loads into the returned directory. */
    private Path runLoggingEveryChildsClassLoading() throws Exception {
        Path logs = Files.createDirectories(temp.resolve("class-loading"));
        Java.Result run = Java.execute(Java.command(List.of(), List.of("-Dnsunit.cache.dir=" + cache,
                "-Dnsunit.child.warm=0", "-Dnsunit.child.jvmArgs=-Xlog:class+load:file=" + logs + "/%p.log"),
                classPath, FixtureRunner.class, ArchiveMadeForTheFirstTest.class.getName()));
        assertThat(run.output()).contains("RESULT SUCCESSFUL startsFromTheArchive() |");
        return logs;
    }

    /**
     * A child maps its archive whole, and on JDK 25 loads every class of it before {@code main}: the training run
     * must not load what no passing child needs. Java-serializing a throwable computes a default
     * {@code serialVersionUID} with SHA, which initialises the security providers (about 80 classes, 0.6 MB of a JDK
     * 25 cache); so does a temporary file's random name; and so does a failed system call made an exception, whose
     * message asks libc for the error's text (about 50 classes, 0.25 MB).
     */
    @Test
    void theTrainingRunInitialisesNeitherTheSecurityProvidersNorJavaSerializationNorLibcsErrors() throws Exception {
        Path logs = Files.createDirectories(temp.resolve("training-class-loading"));
        List<String> jvmArgs = new ArrayList<>(JffiStubCache.childOptions(cache));
        jvmArgs.add("-Xlog:class+load:file=" + logs + "/%p.log");
        ClassDataArchives run = archives();
        run.apply(ChildCommand.of(JAVA, classPath, List.of(), jvmArgs));
        run.close();

        List<String> loaded = new ArrayList<>();
        try (Stream<Path> files = Files.list(logs)) {
            for (Path log : files.toList()) {
                loaded.addAll(Files.readAllLines(log));
            }
        }
        // The SUN provider and its SHA for a digest or a random name; the block stream of an ObjectOutputStream that
        // writes (JUnit only looks serialization up, which loads ObjectOutputStream itself in every JVM).
        assertThat(loaded).as("the classes the training run loaded").isNotEmpty()
                .noneMatch(line -> line.contains(" sun.security.provider.Sun source:"))
                .noneMatch(line -> line.contains(" sun.security.provider.SHA source:"))
                .noneMatch(line -> line.contains(" java.io.ObjectOutputStream$BlockDataOutputStream source:"))
                .noneMatch(line -> line.contains(" " + Errno.class.getName() + " source:"));
    }

    /** Run by a test JVM whose cache is empty. */
    @IsolatedUts
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class ArchiveMadeForTheFirstTest {

        @Test
        @Order(1)
        void startsFromTheArchive() {
            assertThat(ManagementFactory.getRuntimeMXBean().getInputArguments())
                    .anyMatch(option -> option.startsWith(FEATURE >= 25 ? "-XX:AOTCache=" : "-XX:SharedArchiveFile="));
        }

        @Test
        @Order(2)
        void soDoesTheNext() {
            startsFromTheArchive();
        }

        @ParameterizedTest
        @ValueSource(strings = "value")
        @Order(3)
        void soDoesAParameterizedTest(String value) {
            startsFromTheArchive();
        }
    }

    @Test
    void whatChildrenParseFromTheArchivedJarsIsInTheArchiveOfTheRunsAfter() throws Exception {
        ChildCommand command = ChildCommand.of(JAVA, classPath, List.of(), List.of());
        learningRun(command);
        Path first = onlyArchiveIn(cache);

        ClassDataArchives learning = learningFromOneLoad();
        ChildCommand child = learning.apply(command);
        assertThat(child.argv()).contains(archiveFlag(first));
        assertThat(whereAssertionsComeFrom(child)).as("before it is learned").endsWith(".jar");
        learning.close();

        assertThat(learningRun(command).argv()).as("while the archive that holds it is made")
                .contains(archiveFlag(first));
        Path learned = archivesIn(cache).stream().filter(archive -> !archive.equals(first)).findFirst().orElseThrow();

        ChildCommand started = learningRun(command);
        assertThat(started.argv()).contains(archiveFlag(learned)).doesNotContain(archiveFlag(first));
        assertThat(whereAssertionsComeFrom(started)).startsWith("shared objects file");
        assertThat(archivesIn(cache)).as("no archive made in vain").hasSize(2);
        assertThat(warnings).isEmpty();
    }

    @Test
    void theArchiveForARebuiltJarHoldsWhatChildrenWereSeenToLoadFromTheStart() throws Exception {
        ChildCommand command = ChildCommand.of(JAVA, classPath, List.of(), List.of());
        learningRun(command);
        ClassDataArchives learning = learningFromOneLoad();
        whereAssertionsComeFrom(learning.apply(command));
        learning.close();
        Path old = onlyArchiveIn(cache);

        storedJar(extraJar, "BBBB");
        assertThat(learningRun(command)).as("no archive until one for the new jar exists").isEqualTo(command);

        Path fresh = archivesIn(cache).stream().filter(archive -> !archive.equals(old)).findFirst().orElseThrow();
        assertThat(whereAssertionsComeFrom(learningFromOneLoad().apply(command))).startsWith("shared objects file");
        assertThat(fresh.getFileName().toString()).as("named for what it learned").matches(".*-[0-9a-f]{16}\\..*");
    }

    @Test
    void aListOfLearnedClassesThatCannotBeWrittenIsReportedInOneLine() throws Exception {
        ChildCommand command = ChildCommand.of(JAVA, classPath, List.of(), List.of());
        learningRun(command);
        ClassDataArchives learning = learningFromOneLoad();
        ChildCommand child = learning.apply(command);
        String log = child.argv().stream().filter(option -> option.startsWith("-Xlog:class+preorder")).findFirst()
                .orElseThrow();
        String key = log.replaceFirst(".*/learning/", "").replaceFirst("\\..*", "");
        Files.createDirectories(cache.resolve(key + ".classes").resolve("in-the-way"));
        whereAssertionsComeFrom(child);

        learning.close();

        assertThat(warnings).singleElement().asString()
                .startsWith("nsunit: cannot record in " + cache + " which classes the children loaded (")
                .endsWith("); later class-data archives hold only what the training run loads")
                .doesNotContain("\n");
    }

    /** Runs {@link LoadsAssertions} as the command's child and says where the JVM read AssertJ's entry point. */
    private static String whereAssertionsComeFrom(ChildCommand command) throws Exception {
        List<String> argv = new ArrayList<>(command.argv());
        argv.set(argv.indexOf(ChildMain.class.getName()), LoadsAssertions.class.getName());
        argv.add(1, "-Xlog:class+load=info:stdout");
        Process process = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as(output).isZero();
        String loaded = "org.assertj.core.api.Assertions source: ";
        return output.lines().filter(line -> line.contains(" " + loaded)).findFirst().orElseThrow()
                .replaceFirst(".* " + loaded, "");
    }

    /** A child of a test that uses AssertJ, which the training run never loads. */
    static final class LoadsAssertions {

        public static void main(String[] args) {
            assertThat(args).isEmpty();
        }
    }

    @Test
    void aJarWhoseContentChangedNeverMeetsTheOldArchiveEvenWithItsSizeAndTimeKept() throws Exception {
        ChildCommand command = ChildCommand.of(JAVA, classPath, List.of(), List.of());
        ClassDataArchives firstRun = archives();
        firstRun.apply(command);
        firstRun.close();
        Path old = onlyArchiveIn(cache);

        FileTime time = Files.getLastModifiedTime(extraJar);
        long size = Files.size(extraJar);
        storedJar(extraJar, "BBBB");
        Files.setLastModifiedTime(extraJar, time);
        assertThat(Files.size(extraJar)).as("what the JDK itself checks is unchanged").isEqualTo(size);

        ClassDataArchives secondRun = archives();
        ChildCommand started = secondRun.apply(command);
        secondRun.close();

        assertThat(started).as("no archive until one for the new content exists").isEqualTo(command);
        assertThat(archivesIn(cache)).hasSize(2).contains(old);
        Path fresh = archivesIn(cache).stream().filter(path -> !path.equals(old)).findFirst().orElseThrow();
        assertThat(archives().apply(command).argv()).contains(archiveFlag(fresh)).doesNotContain(archiveFlag(old));
    }

    /** Test classes that form a module of their own run with nsunit, JUnit and their libraries on the module path. */
    @Test
    void aJarOnTheModulePathWhoseContentChangedNeverMeetsTheOldArchive() throws Exception {
        Path moduleJar = storedJar(temp.resolve("library.jar"), "AAAA");
        ChildCommand command = ChildCommand.of(JAVA, classPath,
                List.of("--module-path=" + moduleJar, "--add-modules=ALL-MODULE-PATH"), List.of());
        ClassDataArchives firstRun = archives();
        firstRun.apply(command);
        firstRun.close();
        Path old = onlyArchiveIn(cache);

        FileTime time = Files.getLastModifiedTime(moduleJar);
        storedJar(moduleJar, "BBBB");
        Files.setLastModifiedTime(moduleJar, time);

        ClassDataArchives secondRun = archives();
        ChildCommand started = secondRun.apply(command);
        secondRun.close();

        assertThat(started).as("no archive until one for the new content exists").isEqualTo(command);
        assertThat(archivesIn(cache)).hasSize(2).contains(old);
        assertThat(warnings).isEmpty();
    }

    @Test
    void modulesWhoseCrashReportsGoToDifferentDirectoriesShareOneArchive() throws Exception {
        ClassDataArchives firstModule = archives();
        firstModule.apply(ChildCommand.of(JAVA, classPath, List.of(), List.of("-XX:ErrorFile=/a/target/hs_err.log")));
        firstModule.close();

        ChildCommand secondModule = ChildCommand.of(JAVA, classPath, List.of(),
                List.of("-XX:ErrorFile=/b/target/hs_err.log"));

        assertThat(archives().apply(secondModule).argv()).contains(archiveFlag(onlyArchiveIn(cache)));
    }

    @Test
    void childrenLoggingTheirPhasesForTheBenchmarkUseTheArchiveOfChildrenThatDoNot() throws Exception {
        ClassDataArchives run = archives();
        run.apply(ChildCommand.of(JAVA, classPath, List.of(), List.of()));
        run.close();

        ChildCommand logging = ChildCommand.of(JAVA, classPath, List.of(),
                List.of("-D" + PhaseLog.PROPERTY + "=/tmp/phases.log"));

        assertThat(archives().apply(logging).argv()).contains(archiveFlag(onlyArchiveIn(cache)))
                .as("what the phase log loads is not learned for the children it measures")
                .noneMatch(option -> option.startsWith("-Xlog:class+preorder"));
    }

    @Test
    void changedJvmOptionsGetAnArchiveOfTheirOwn() throws Exception {
        ClassDataArchives run = archives();
        run.apply(ChildCommand.of(JAVA, classPath, List.of(), List.of()));
        run.apply(ChildCommand.of(JAVA, classPath, List.of(), List.of("-Dnsunit.spec=other")));
        run.close();

        assertThat(archivesIn(cache)).hasSize(2);
    }

    @Test
    void theCacheKeepsOnlyTheMostRecentlyUsedArchives() throws Exception {
        ChildCommand used = ChildCommand.of(JAVA, classPath, List.of(), List.of());
        ChildCommand newer = ChildCommand.of(JAVA, classPath, List.of(), List.of("-Dnsunit.spec=newer"));
        ClassDataArchives keepingOne = new ClassDataArchives(cache, 1, ClassDataArchives.LOADS_WORTH_TRAINING,
                FEATURE, Optional.of(nsunitJar), warnings::add);
        keepingOne.apply(used);
        keepingOne.close();
        Path first = onlyArchiveIn(cache);

        keepingOne.apply(newer);
        keepingOne.close();

        assertThat(onlyArchiveIn(cache)).isNotEqualTo(first);
        assertThat(Path.of(first + ".sha256")).doesNotExist();
    }

    @Test
    void aDamagedArchiveIsReportedInOneLineAndNotUsed() throws Exception {
        ChildCommand command = ChildCommand.of(JAVA, classPath, List.of(), List.of());
        ClassDataArchives firstRun = archives();
        firstRun.apply(command);
        firstRun.close();
        Path archive = onlyArchiveIn(cache);
        Files.write(archive, new byte[] {1, 2, 3}, StandardOpenOption.TRUNCATE_EXISTING);

        ClassDataArchives secondRun = archives();
        ChildCommand started = secondRun.apply(command);

        assertThat(started).isEqualTo(command);
        assertThat(warnings).singleElement().asString()
                .startsWith("nsunit: the class-data archive " + archive + " is damaged")
                .doesNotContain("\n");
        secondRun.close();
        assertThat(Files.size(onlyArchiveIn(cache))).as("made anew").isGreaterThan(3);
    }

    @Test
    void anUnwritableCacheDirectoryMeansChildrenStartWithoutAnArchiveAfterOneWarning() throws Exception {
        Path notADirectory = Files.writeString(temp.resolve("a-file"), "");
        cache = notADirectory.resolve("cache");
        ChildCommand command = ChildCommand.of(JAVA, classPath, List.of(), List.of());

        ClassDataArchives run = archives();
        assertThat(run.apply(command)).isEqualTo(command);
        assertThat(run.apply(command)).isEqualTo(command);
        assertThat(archives().apply(command)).as("a later run").isEqualTo(command);
        run.close();

        assertThat(warnings).singleElement().asString()
                .startsWith("nsunit: cannot make or read class-data archives in " + cache)
                .endsWith("child JVMs start without one. Set nsunit.cache.dir to a directory this user may write, "
                        + "or nsunit.child.archive = off").doesNotContain("\n");
    }

    @Test
    void aFailedTrainingRunIsReportedAndTheChildrenStartWithoutAnArchive() throws Exception {
        ChildCommand command = ChildCommand.of(JAVA, classPath, List.of(), List.of("-XX:NoSuchOption"));

        twoRunsWithoutAnArchive(command);

        assertThat(warnings).singleElement().asString()
                .startsWith("nsunit: the training run that makes the class-data archive failed (exit status 1: ")
                .doesNotContain("\n");
    }

    /**
     * A JVM given {@code --patch-module} maps no class-data archive, and refuses to make one: a training run could
     * only fail, every run again.
     */
    @Test
    void childrenThatInheritAPatchedModuleStartWithoutAnArchiveAfterOneWarningAndNoTrainingRun() throws Exception {
        ChildCommand command = ChildCommand.of(JAVA, classPath,
                List.of("--module-path=/p/target/classes", "--patch-module=app=/p/target/test-classes"), List.of());

        twoRunsWithoutAnArchive(command);

        assertThat(warnings).singleElement().asString().isEqualTo("nsunit: child JVMs start without a class-data "
                + "archive: they inherit the test JVM's --patch-module, with which the JVM uses no class-data archive, "
                + "not even the JDK's own (Surefire passes --patch-module to run a project's tests inside its main "
                + "module; with useModulePath=false it runs them on the class path, where children start from an "
                + "archive)");
        assertThat(cache).as("no training run made it").doesNotExist();
    }

    /**
     * Before JDK 25 the JVM refuses to make an archive where the module path holds a directory that is not empty, as
     * it does where the test classes form a module of their own.
     */
    @Test
    @EnabledForJreRange(max = JRE.JAVA_24)
    void childrenThatInheritADirectoryOnTheModulePathStartWithoutAnArchiveAfterOneWarning() throws Exception {
        Path classes = Files.createDirectories(temp.resolve("classes/app"));
        ChildCommand command = ChildCommand.of(JAVA, classPath,
                List.of("--module-path=" + classes.getParent(), "--add-modules=ALL-MODULE-PATH"), List.of());

        twoRunsWithoutAnArchive(command);

        assertThat(warnings).singleElement().asString().isEqualTo("nsunit: child JVMs start without a class-data "
                + "archive: their module path, the test JVM's, holds the directory " + classes.getParent()
                + ", and before JDK 25 the JVM archives no classes where a module path holds one");
    }

    /**
     * Two runs of one child of the command, each ended as a run ends: neither starts it from an archive, and none is
     * kept. The second tries again in the background; closed, it waits for its training run, which would otherwise
     * still write into the cache directory while the test's temporary directory is deleted.
     */
    private void twoRunsWithoutAnArchive(ChildCommand command) throws InterruptedException, IOException {
        for (int run = 1; run <= 2; run++) {
            ClassDataArchives archives = archives();
            assertThat(archives.apply(command)).as("run " + run).isEqualTo(command);
            archives.close();
            assertThat(archivesIn(cache)).as("after run " + run).isEmpty();
        }
    }

    /**
     * JDK 25 refuses to start from an AOT cache whose heap objects do not fit a child's heap: kept, such a cache would
     * make every child fail. Here the user's initial heap of 2 MiB is too small for nsunit's own cache.
     */
    @Test
    @EnabledForJreRange(min = JRE.JAVA_25)
    void anArchiveNoChildCanStartFromIsReportedAndNotKept() throws Exception {
        ChildCommand command = ChildCommand.of(JAVA, classPath, List.of(), List.of("-XX:InitialHeapSize=2m"));

        twoRunsWithoutAnArchive(command);

        assertThat(warnings).singleElement().asString().isEqualTo("nsunit: a child JVM cannot start from the "
                + "class-data archive just made (AOT cache has aot-linked classes but the archived heap objects cannot "
                + "be loaded. Try increasing your heap size.), so it is not kept; child JVMs start without one");
    }

    /**
     * A JDK 25 child copies its AOT cache's heap objects into its old generation, two thirds of its initial heap:
     * 1.6 MB of them in nsunit's own 21 MB cache, 2.8 MB in a 68 MB cache with a Spring Boot application's classes.
     */
    @Test
    void aChildsInitialHeapGrowsWithItsAotCacheBeyond26Mib() {
        assertThat(ClassDataArchives.initialHeapMibFor(20_992_000)).isEqualTo(4);
        assertThat(ClassDataArchives.initialHeapMibFor(26L << 20)).isEqualTo(4);
        assertThat(ClassDataArchives.initialHeapMibFor(27L << 20)).isEqualTo(5);
        assertThat(ClassDataArchives.initialHeapMibFor(68_337_664)).isEqualTo(10);
        assertThat(ClassDataArchives.initialHeapMibFor(68_337_664) * 2 / 3).isGreaterThan(2_847_792 >> 20);
    }

    /**
     * A coverage recorder (JaCoCo, through Surefire's argLine) is a Java agent, which children inherit; it adds the
     * java.instrument module, and JDK 25 maps no AOT cache made without it, not even for the JDK's own classes.
     */
    @Test
    void childrenOfATestJvmWithAJavaAgentStartFromTheArchive() throws Exception {
        ChildCommand started = startedByTheRunAfterTheOneThatMadeItsArchive(
                ChildCommand.of(JAVA, classPath, List.of("-javaagent:" + agentJar()), List.of()));

        assertThat(started.argv()).contains(archiveFlag(onlyArchiveIn(cache)));
        assertThat(exitStatusRequiringTheArchive(started)).as("a JVM that must map the archive starts").isZero();
        assertThat(warnings).isEmpty();
    }

    /**
     * From JDK 25 a JVM links its whole AOT cache before its agents start, so an agent sees none of those classes
     * load: a library's or the project's own classes that children load from jars must stay out of it, as a
     * coverage report counts them.
     */
    @Test
    @EnabledForJreRange(min = JRE.JAVA_25)
    void whereAJavaAgentWatchesTheChildrenTheClassesTheyLoadFromJarsStayOutOfTheArchive() throws Exception {
        ChildCommand command = ChildCommand.of(JAVA, classPath, List.of("-javaagent:" + agentJar()), List.of());
        learningRun(command);

        ClassDataArchives loading = learningFromOneLoad();
        assertThat(whereAssertionsComeFrom(loading.apply(command))).endsWith(".jar");
        loading.close();
        ChildCommand started = learningRun(command);

        assertThat(whereAssertionsComeFrom(started)).as("after a run whose child loaded it").endsWith(".jar");
        assertThat(archivesIn(cache)).as("nothing learned, so no archive made again").hasSize(1);
        assertThat(warnings).isEmpty();
    }

    /** A Java agent that does nothing, as its jar's manifest names it. */
    public static final class IdleAgent {

        public static void premain(String options) {
            // nothing: only its being there counts
        }
    }

    private Path agentJar() throws IOException {
        return ReadableClassPath.agentJarOf(IdleAgent.class, temp.resolve("agent.jar"));
    }

    @Test
    void nsunitOutsideTheClassPathsJarsMeansNoArchive() {
        ChildCommand command = ChildCommand.of(JAVA, classPath.replace(nsunitJar.toString(), temp.toString()),
                List.of(), List.of());

        assertThat(archives().apply(command)).isEqualTo(command);
        assertThat(warnings).singleElement().asString()
                .startsWith("nsunit: child JVMs start without a class-data archive: nsunit itself is loaded from "
                        + nsunitJar + ", not from a jar that can be archived");
    }

    private ClassDataArchives archives() {
        return new ClassDataArchives(cache, FEATURE, Optional.of(nsunitJar), warnings::add);
    }

    /** The command a run starts a child with, after a run that made the command's archive. */
    private ChildCommand startedByTheRunAfterTheOneThatMadeItsArchive(ChildCommand command)
            throws InterruptedException {
        ClassDataArchives firstRun = archives();
        firstRun.apply(command);
        firstRun.close();
        ClassDataArchives secondRun = archives();
        ChildCommand started = secondRun.apply(command);
        secondRun.close();
        return started;
    }

    /** A run of one child of the command, ended as a run ends: the command the child was started with. */
    private ChildCommand learningRun(ChildCommand command) throws InterruptedException {
        ClassDataArchives run = learningFromOneLoad();
        ChildCommand started = run.apply(command);
        run.close();
        return started;
    }

    /** Archives whose children's every newly parsed class is worth a new archive. */
    private ClassDataArchives learningFromOneLoad() {
        return new ClassDataArchives(cache, ClassDataArchives.ARCHIVES_KEPT, 1, FEATURE, Optional.of(nsunitJar),
                warnings::add);
    }


    private static String archiveFlag(Path archive) {
        return (FEATURE >= 25 ? "-XX:AOTCache=" : "-XX:SharedArchiveFile=") + archive;
    }

    private static String classPathOf(ChildCommand command) {
        return command.argv().get(command.argv().lastIndexOf("-cp") + 1);
    }

    /** Runs the training entry point from the archive with sharing required, so the JVM fails if it cannot map it. */
    private static int exitStatusRequiringTheArchive(ChildCommand command) throws Exception {
        List<String> argv = new ArrayList<>(command.argv());
        argv.add(1, FEATURE >= 25 ? "-XX:AOTMode=on" : "-Xshare:on");
        argv.add(ChildMain.TRAINING_ARGUMENT);
        Process process = new ProcessBuilder(argv).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
        return process.exitValue();
    }

    private static Path onlyArchiveIn(Path directory) throws IOException {
        List<Path> archives = archivesIn(directory);
        assertThat(archives).hasSize(1);
        return archives.get(0);
    }

    private static List<Path> archivesIn(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(file -> file.toString().endsWith(FEATURE >= 25 ? ".aot" : ".jsa")).sorted()
                    .toList();
        }
    }

    /** A jar holding one uncompressed text file, so that other text of the same length gives a jar of equal size. */
    private static Path storedJar(Path jar, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        CRC32 crc = new CRC32();
        crc.update(bytes);
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            JarEntry entry = new JarEntry("data.txt");
            entry.setMethod(ZipEntry.STORED);
            entry.setSize(bytes.length);
            entry.setCrc(crc.getValue());
            entry.setTime(0);
            out.putNextEntry(entry);
            out.write(bytes);
            out.closeEntry();
        }
        return jar;
    }
}
