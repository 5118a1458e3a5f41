package dev.nsunit.internal.launch;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URISyntaxException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;

import dev.nsunit.internal.child.ChildMain;
import dev.nsunit.internal.child.PhaseLog;

/**
 * Class-data archives that let child JVMs start from pre-parsed classes: the JDK's dynamic AppCDS archive
 * ({@code -XX:ArchiveClassesAtExit}, then {@code -XX:SharedArchiveFile}) before JDK 25, its AOT cache
 * ({@code -XX:AOTCacheOutput}, then {@code -XX:AOTCache}) from 25 on.
 *
 * <p>An archive is made once, in the background, by a training run of the children's JVM on their jars, and kept in a
 * cache directory under a name derived from everything it depends on: the JDK, the children's JVM options and the path,
 * size, modification time and <em>content</em> of every jar of their class path and module path (content digests are
 * remembered in a {@link DigestIndex}, so that a run reads only the jars that were written since). A changed jar
 * therefore gives a new name and never meets
 * an old archive (the JDK itself notices only size and time changes before 25, and nothing at all in 25's AOT cache).
 * Each archive has a digest beside it, checked before first use in a run. Until the archive exists, children start
 * without one; where none can be made or used, a one-line warning says why, once, and children start without one. An
 * archive never makes a child fail.
 *
 * <p>The training run meets only nsunit's, JUnit's and the JDK's classes; the libraries the user's tests call are
 * not in it. So children started from an archive log the classes they still read from the archived jars (and the
 * JDK's image), the run learns from the logs which are worth it ({@link LearnedClasses}), and the training run
 * of the next archive loads them too. The archive's name then adds a digest of that list; until it is made, children
 * start from the latest archive of the same jars, so that a run never waits for, nor goes without, an archive
 * because a list grew. A run on a fresh machine learns only, and so pays nothing for what it does not use.
 *
 * <p>A child that uses an archive runs with its class path's jars first, then its directories: the JDK archives
 * only jars, and only a prefix of the class path. A jar whose move would load a different class (one that a
 * directory before it holds too) keeps its place after the directories, outside the archive
 * ({@link ClassPathLayout}).
 */
public final class ClassDataArchives implements AutoCloseable {

    private static final String FORMAT = "nsunit class-data archive 2";
    private static final String LOCK_FILE = "dump.lock";
    private static final List<String> MODULE_OPTIONS_WITHOUT_ARCHIVES = List.of("--patch-module",
            "--upgrade-module-path", "--limit-modules");
    private static final int AOT_CACHE_FEATURE = 25;
    /**
     * JDK 25's AOT cache also keeps the training run's method profiles (JEP 515), which serve the C2 compiler. A
     * child compiles with C1 alone, so they serve nothing: recording them lengthens the training run, and a JVM
     * that finds them replays them on a thread of its own (measured on JDK 25, 50 tests: about 60 ms less CPU per
     * child without them, and 3 s less for a run that makes the cache). The switches are diagnostic options, which
     * a JDK may drop without notice, and a JVM refuses to start with an option it does not know: so they are
     * passed only on the releases where they were measured.
     */
    private static final Set<Integer> WITHOUT_PROFILES_FEATURES = Set.of(25);
    private static final List<String> RECORD_NO_PROFILES = List.of("-XX:+UnlockDiagnosticVMOptions",
            "-XX:-AOTRecordTraining");
    private static final List<String> REPLAY_NO_PROFILES = List.of("-XX:+UnlockDiagnosticVMOptions",
            "-XX:-AOTReplayTraining");
    private static final long DUMP_TIMEOUT_SECONDS = 120;
    /** How often a JVM waiting for another's dump looks whether it has ended: a tenth of a child's start. */
    private static final long LOCK_POLL_MILLIS = 20;
    /** Archives kept in the cache: every rebuilt jar makes a new one, and each takes 7 MB or more. */
    static final int ARCHIVES_KEPT = 8;
    /**
     * How many loads of classes not yet learned, over a run's children, make the list of learned classes grow, and
     * so the next run make a new archive. A library's class that the archive holds saved a child 0.3 ms of CPU on JDK
     * 25 and 0.6 on JDK 17 (AssertJ's, measured), and a training run costs two to three seconds: 1,000 loads in a
     * run pay for it within about ten runs like it. The few classes of the JDK's own that trivial tests reach (700
     * loads in the benchmark's 50) measured no saving at all, and on JDK 25 cost each child 0.06 MiB, since a child
     * loads its whole AOT cache at start.
     */
    static final int LOADS_WORTH_TRAINING = 1000;
    /** How often, in children started, the run reads the logs of those that have ended, so that few pile up. */
    private static final int ABSORB_EVERY = 32;
    /** Warnings are printed once per JVM, however many runs (and so instances of this class) see the problem. */
    private static final Set<String> WARNED = ConcurrentHashMap.newKeySet();
    private static final Object DUMPS_IN_THIS_JVM = new Object();

    /**
     * Chooses where archives are kept, if anywhere: only once a command that can have an archive is seen, so that
     * no directory is made (under java.io.tmpdir, say) for a run that could use none.
     */
    private final Supplier<Optional<Path>> chooseDirectory;
    private Optional<Path> directory;
    private final int archivesKept;
    private final int loadsWorthTraining;
    private final int javaFeature;
    private final Optional<Path> nsunit;
    private final Consumer<String> warnings;
    private final Map<List<String>, Plan> plans = new ConcurrentHashMap<>();
    private DigestIndex digests;

    /**
     * @param directory   where archives are kept; created when the first archive is made
     * @param javaFeature the feature version of the children's JDK, which decides the kind of archive
     * @param nsunit      the jar (or directory) nsunit's child classes come from, which the training run needs
     * @param warnings    where the one-line warnings go
     */
    ClassDataArchives(Path directory, int javaFeature, Optional<Path> nsunit, Consumer<String> warnings) {
        this(directory, ARCHIVES_KEPT, LOADS_WORTH_TRAINING, javaFeature, nsunit, warnings);
    }

    /**
     * @param archivesKept       how many archives the cache keeps: the most recently used
     * @param loadsWorthTraining how many loads of classes not yet learned make the list of learned classes grow
     */
    ClassDataArchives(Path directory, int archivesKept, int loadsWorthTraining, int javaFeature,
            Optional<Path> nsunit, Consumer<String> warnings) {
        this(() -> Optional.of(directory), archivesKept, loadsWorthTraining, javaFeature, nsunit, warnings);
    }

    private ClassDataArchives(Supplier<Optional<Path>> chooseDirectory, int archivesKept, int loadsWorthTraining,
            int javaFeature, Optional<Path> nsunit, Consumer<String> warnings) {
        this.chooseDirectory = chooseDirectory;
        this.archivesKept = archivesKept;
        this.loadsWorthTraining = loadsWorthTraining;
        this.javaFeature = javaFeature;
        this.nsunit = nsunit;
        this.warnings = warnings;
    }

    /**
     * For children of this JVM, warning on its standard error.
     *
     * @param configured the directory {@code nsunit.cache.dir} names, if it does; otherwise the first
     *                   {@link CacheDirectory} this user may write is taken
     */
    public static ClassDataArchives forThisJvm(Optional<Path> configured) {
        return new ClassDataArchives(() -> configured.or(CacheDirectory::forThisUser), ARCHIVES_KEPT,
                LOADS_WORTH_TRAINING, Runtime.version().feature(), codeSourceOf(ChildMain.class), System.err::println);
    }

    /** Where archives are kept, if anywhere; chosen when first asked. */
    private synchronized Optional<Path> directory() {
        if (directory == null) {
            directory = chooseDirectory.get().map(chosen -> chosen.toAbsolutePath().normalize());
        }
        return directory;
    }

    /** Where archives are kept, once a plan has found that there is such a place. */
    private Path cache() {
        return directory().orElseThrow();
    }

    /**
     * The command, made to start from its archive if that exists and is sound; otherwise the command as it is,
     * while the archive is made in the background for the children that follow.
     */
    public ChildCommand apply(ChildCommand command) {
        return planFor(command).apply();
    }

    /**
     * The command, made to start from its archive once this JVM has made it, if it is making it now and has no
     * archive made before to start from meanwhile. A child started without it parses and verifies every class it
     * loads, at three times the CPU of one started from it, and on two cores the children started so take that CPU
     * from the training run, which then takes longer (JDK 25, 50 trivial tests, an empty cache: 7 children started
     * without the archive, the training run 2.8 s instead of 1.9). Measured with 6 runs of those tests each way, a
     * fresh cache each: JDK 25 8.13 s of wall time and 15.3 s of CPU without waiting, 7.52 s and 12.5 s with; JDK 17
     * (a shorter training run) the same wall time, 0.6 s less CPU. The wait is the training run's own limit
     * ({@value #DUMP_TIMEOUT_SECONDS} s), after which it is ended and the children start without.
     */
    public ChildCommand applyOnceMade(ChildCommand command) throws InterruptedException {
        Plan plan = planFor(command);
        ChildCommand applied = plan.apply();
        if (!applied.startsFromArchive() && plan.dumping()) {
            plan.awaitDump();
            applied = plan.apply();
        }
        return applied;
    }

    /** The plan for the children of this command, made when first asked for: one per command line. */
    private Plan planFor(ChildCommand command) {
        return plans.computeIfAbsent(command.argv(), argv -> new Plan(command));
    }

    /**
     * Whether an archive for the children of this command is on its way (being made, or looked for again): a child
     * started without one now pays at its start what the archive will save the children after it.
     */
    public boolean archiveComing(ChildCommand command) {
        Plan plan = plans.get(command.argv());
        return plan != null && plan.coming();
    }

    /** The archive children of this command start from, once it is ready. */
    Optional<Path> archiveFor(ChildCommand command) {
        Plan plan = plans.get(command.argv());
        return plan == null ? Optional.empty() : plan.ready();
    }

    /**
     * Waits for archives being made, so that none is left half-written when the run ends, and adds what the run's
     * children were seen to load to what the next archive holds.
     */
    @Override
    public void close() throws InterruptedException {
        for (Plan plan : plans.values()) {
            plan.awaitDump();
            plan.learn();
        }
    }

    /** The run's digest index, read from the cache directory when first needed. */
    private synchronized DigestIndex digests() {
        if (digests == null) {
            digests = DigestIndex.in(cache());
        }
        return digests;
    }

    private void warn(String message) {
        if (WARNED.add(message)) {
            warnings.accept("nsunit: " + message);
        }
    }

    private String extension() {
        return javaFeature >= AOT_CACHE_FEATURE ? ".aot" : ".jsa";
    }

    private String useFlag(Path archive) {
        return (javaFeature >= AOT_CACHE_FEATURE ? "-XX:AOTCache=" : "-XX:SharedArchiveFile=") + archive;
    }

    /**
     * The JVM prints a warning where it cannot use an archive after all (the test would see it in its output)
     * and then goes on without; nsunit's checks make that case not arise, and this keeps it quiet if it does.
     * Placed first, so a user's own {@code -Xlog} options still win.
     */
    private String quietFlag() {
        return javaFeature >= AOT_CACHE_FEATURE ? "-Xlog:aot=off,cds=off" : "-Xlog:cds=off,cds+dynamic=off";
    }

    /** Placed first in a child's command, so a user's own options still win. */
    private List<String> useFlagsFirst() {
        List<String> flags = new ArrayList<>(List.of(quietFlag()));
        flags.addAll(replayingNoProfiles(javaFeature));
        return flags;
    }

    /**
     * The options with which a JVM of this feature version makes an archive without method profiles, where it
     * has them (see {@link #WITHOUT_PROFILES_FEATURES}); for the training run, and for the benchmark's floor.
     */
    public static List<String> recordingNoProfiles(int javaFeature) {
        return WITHOUT_PROFILES_FEATURES.contains(javaFeature) ? RECORD_NO_PROFILES : List.of();
    }

    /** The options with which a JVM of this feature version started from an archive replays no method profiles. */
    public static List<String> replayingNoProfiles(int javaFeature) {
        return WITHOUT_PROFILES_FEATURES.contains(javaFeature) ? REPLAY_NO_PROFILES : List.of();
    }

    private String dumpFlag(Path archive) {
        return (javaFeature >= AOT_CACHE_FEATURE ? "-XX:AOTCacheOutput=" : "-XX:ArchiveClassesAtExit=") + archive;
    }

    private static Optional<String> moduleOptionWithoutArchives(String option) {
        return MODULE_OPTIONS_WITHOUT_ARCHIVES.stream()
                .filter(name -> option.equals(name) || option.startsWith(name + "=")).findFirst();
    }

    private enum State {
        /** Not looked for yet, or being made by another JVM: look again for the next child. */
        ABSENT,
        DUMPING,
        READY,
        /** Cannot be made or used in this run; the reason was warned about. */
        UNUSABLE
    }

    /** Everything about the archive of one child command. */
    private final class Plan {

        private final ChildCommand command;
        private final int classPathIndex;
        /**
         * Whether a Java agent of the children's (a coverage recorder, say) would miss what the archive holds: from
         * JDK 25 on, a JVM loads and links every class of its AOT cache before any agent starts, and an agent sees
         * only the classes loaded after it. The classes of nsunit's own path (the JDK's, JUnit's, nsunit's) it then
         * misses, as it would in any JVM started from such a cache; the classes children were seen to load from
         * the other jars (the libraries the tests use, the project's own modules) are kept out of the archive, so
         * that the agent sees them load in a child as in place (a coverage report counts them). Before JDK 25 a JVM
         * loads archived classes as it needs them, with its agents watching.
         */
        private final boolean linksBeforeAgents;
        private ClassPathLayout layout;
        /** The start of the archive's name: a digest of everything it depends on but the learned classes. */
        private String key;
        private LearnedClasses learned;
        /** The archive of this command's jars and what its children were seen to load. */
        private Path archive;
        /**
         * While that archive is made, the one children start from: the latest made for the same jars, holding less
         * of what children load; none if there is none.
         */
        private Path meanwhile;
        private int childrenStarted;
        private State state = State.ABSENT;
        private Thread dump;
        private Process training;
        private Path partial;

        Plan(ChildCommand command) {
            this.command = command;
            this.classPathIndex = command.argv().lastIndexOf("-cp") + 1;
            this.linksBeforeAgents = javaFeature >= AOT_CACHE_FEATURE && hasJavaAgent();
            Optional<String> unusable = classPathIndex == 0 ? Optional.of("the child command has no class path")
                    : optionWithoutArchives().or(this::moduleDirectoryBeforeAotCaches).or(() -> whyNotArchived(
                            ClassPathLayout.of(command.argv().get(classPathIndex))));
            if (unusable.isEmpty() && directory().isEmpty()) {
                unusable = Optional.of("this user may write none of the directories that can hold it ("
                        + String.join(", ", CacheDirectory.candidates().stream().map(Path::toString).toList())
                        + "). Set nsunit.cache.dir to a directory this user may write, or nsunit.child.archive = off");
            }
            if (unusable.isPresent()) {
                warn("child JVMs start without a class-data archive: " + unusable.get());
                state = State.UNUSABLE;
            }
        }

        /**
         * A module option of the test JVM's, which children inherit, with which the JVM maps no class-data archive
         * at all, the JDK's own included (it warns so only under {@code -Xshare:on}), and refuses to make one: no
         * training run could succeed, and no child could use what it made.
         */
        private Optional<String> optionWithoutArchives() {
            return command.argv().stream().map(ClassDataArchives::moduleOptionWithoutArchives).flatMap(Optional::stream)
                    .findFirst().map(option -> "they inherit the test JVM's " + option + ", with which the JVM "
                            + "uses no class-data archive, not even the JDK's own (Surefire passes --patch-module "
                            + "to run a project's tests inside its main module; with useModulePath=false it runs "
                            + "them on the class path, where children start from an archive)");
        }

        /**
         * Before the AOT cache, the JVM makes no archive where its module path holds a directory that is not empty
         * (a build's classes, where a test run's test classes form a module of their own): no training run could
         * succeed.
         */
        private Optional<String> moduleDirectoryBeforeAotCaches() {
            if (javaFeature >= AOT_CACHE_FEATURE) {
                return Optional.empty();
            }
            for (Path entry : modulePath()) {
                if (holdsAnything(entry)) {
                    return Optional.of("their module path, the test JVM's, holds the directory " + entry
                            + ", and before JDK 25 the JVM archives no classes where a module path holds one");
                }
            }
            return Optional.empty();
        }

        /** The entries of the children's module path, in order; none without one. */
        private List<Path> modulePath() {
            List<Path> entries = new ArrayList<>();
            List<String> argv = jvmOptions();
            for (int i = 0; i < argv.size(); i++) {
                String option = argv.get(i);
                String modulePath = option.startsWith("--module-path=") ? option.substring("--module-path=".length())
                        : (option.equals("--module-path") || option.equals("-p")) && i + 1 < argv.size()
                                ? argv.get(i + 1) : "";
                for (String entry : modulePath.split(File.pathSeparator)) {
                    if (!entry.isEmpty()) {
                        entries.add(Path.of(entry));
                    }
                }
            }
            return entries;
        }

        /**
         * The jars of the children's module path, which the archive holds classes of as it does of the class path's:
         * each named there, or in a directory named there.
         */
        private List<Path> modulePathJars() throws IOException {
            List<Path> jars = new ArrayList<>();
            for (Path entry : modulePath()) {
                if (Files.isRegularFile(entry)) {
                    jars.add(entry);
                }
                else if (Files.isDirectory(entry)) {
                    try (Stream<Path> files = Files.list(entry)) {
                        files.filter(file -> file.toString().endsWith(".jar") && Files.isRegularFile(file)).sorted()
                                .forEach(jars::add);
                    }
                }
            }
            return jars;
        }

        private static boolean holdsAnything(Path directory) {
            if (!Files.isDirectory(directory)) {
                return false;
            }
            try (Stream<Path> entries = Files.list(directory)) {
                return entries.findAny().isPresent();
            }
            catch (IOException | UncheckedIOException unreadable) {
                // As the JVM would find it: a directory it cannot tell empty.
                return true;
            }
        }

        private Optional<String> whyNotArchived(ClassPathLayout candidate) {
            if (candidate.archived().isEmpty()) {
                return Optional.of("their class path has no jar that can be archived (only jars can be, and only "
                        + "those whose classes no directory before them holds too)");
            }
            if (nsunit.isEmpty() || !candidate.archived().contains(nsunit.get())) {
                return Optional.of("nsunit itself is loaded from " + nsunit.map(Path::toString).orElse("an unknown "
                        + "location") + ", not from a jar that can be archived, so no training run can start");
            }
            layout = candidate;
            return Optional.empty();
        }

        synchronized ChildCommand apply() {
            if (state == State.ABSENT) {
                lookForArchive();
            }
            Path from = state == State.READY ? archive : meanwhile;
            if (from == null) {
                // A child started without an archive parses every class it loads, and would teach nothing but what
                // the training run already loads.
                return command;
            }
            // The benchmark's phase log lists the child's threads and formats their times: classes of the JDK's that
            // no other child loads, which the archive of the children it measures must not hold.
            return logsPhases() || linksBeforeAgents ? withArchive(from) : learning(withArchive(from));
        }

        /** Whether the children start with a Java agent (the test JVM's, which they inherit). */
        private boolean hasJavaAgent() {
            return command.argv().stream().anyMatch(option -> option.startsWith("-javaagent:"));
        }

        /** The command, with the option that has the child log the classes it parses, where it can. */
        private ChildCommand learning(ChildCommand withArchive) {
            if (++childrenStarted % ABSORB_EVERY == 0) {
                try {
                    learned.absorbEnded();
                }
                catch (IOException | UncheckedIOException e) {
                    // Left for the end of the run, which reports what it cannot read.
                }
            }
            return learned.childOption().map(option -> {
                List<String> argv = new ArrayList<>(withArchive.argv());
                argv.add(1, option);
                return new ChildCommand(argv);
            }).orElse(withArchive);
        }

        /** Adds what this run's children were seen to load to what the next archive holds. */
        synchronized void learn() {
            if (learned == null) {
                return;
            }
            try {
                learned.learn();
            }
            catch (IOException | UncheckedIOException e) {
                warn("cannot record in " + cache() + " which classes the children loaded (" + e + "); later "
                        + "class-data archives hold only what the training run loads");
            }
        }

        /** Whether this JVM is making the archive now. */
        synchronized boolean dumping() {
            return state == State.DUMPING;
        }

        synchronized boolean coming() {
            return state == State.ABSENT || state == State.DUMPING;
        }

        synchronized Optional<Path> ready() {
            return state == State.READY ? Optional.of(archive) : Optional.empty();
        }

        private void lookForArchive() {
            try {
                if (archive == null) {
                    key = key();
                    learned = LearnedClasses.in(cache(), learningKey(), layout.archived(), loadsWorthTraining);
                    archive = cache().resolve(key + learned.suffix() + extension());
                }
                if (Files.exists(archive)) {
                    if (isSound(archive, digests())) {
                        markUsed(archive);
                        state = State.READY;
                        return;
                    }
                    warn("the class-data archive " + archive + " is damaged (its content does not match its "
                            + "digest); it is deleted and made anew, and children start without it until then");
                    Files.deleteIfExists(archive);
                    Files.deleteIfExists(digestOf(archive));
                }
                if (meanwhile == null) {
                    meanwhile = latestSoundArchive().orElse(null);
                }
                Files.createDirectories(cache());
                startDump();
            }
            catch (IOException | UncheckedIOException e) {
                warn("cannot make or read class-data archives in " + cache() + " (" + e
                        + "); child JVMs start without one. Set nsunit.cache.dir to a directory this user may write, "
                        + "or nsunit.child.archive = off");
                state = State.UNUSABLE;
            }
            finally {
                digests().save();
            }
        }

        /**
         * The start of the archive's name: a digest of everything the archive depends on, jar contents included.
         * The learned classes it holds add to the name.
         */
        private String key() throws IOException {
            DigestIndex digests = digests();
            List<String> fields = new ArrayList<>(List.of(FORMAT, System.getProperty("java.home"),
                    System.getProperty("java.vm.version")));
            fields.addAll(relevantJvmOptions());
            List<Path> jars = new ArrayList<>(layout.archived());
            jars.addAll(modulePathJars());
            for (Path jar : jars) {
                fields.add(jar.toString());
                fields.add(Long.toString(Files.size(jar)));
                fields.add(Long.toString(Files.getLastModifiedTime(jar).toMillis()));
                fields.add(digests.digest(jar));
            }
            return keyOf(fields);
        }

        /**
         * The name of the list of classes the children of this command were seen to load: a digest of the command
         * without the JDK's version and the jars' contents, so that the list outlives an update and a rebuilt jar.
         */
        private String learningKey() {
            List<String> fields = new ArrayList<>(List.of(FORMAT));
            fields.addAll(relevantJvmOptions());
            layout.archived().forEach(jar -> fields.add(jar.toString()));
            return keyOf(fields);
        }

        private boolean logsPhases() {
            return jvmOptions().stream().anyMatch(Plan::isPhaseLog);
        }

        private static boolean isPhaseLog(String option) {
            return option.startsWith("-D" + PhaseLog.PROPERTY + "=");
        }

        private List<String> relevantJvmOptions() {
            // Where a crash report would go differs from module to module (each its own build directory) and
            // changes nothing in the archive: with it in the key, every module of a build would train its own.
            // The benchmark's phase log changes nothing either, and its run must use the archive it measures.
            return jvmOptions().stream().filter(option -> !option.startsWith("-XX:ErrorFile=") && !isPhaseLog(option))
                    .toList();
        }

        /** The most recently used sound archive made for the same jars and options, with fewer learned classes. */
        private Optional<Path> latestSoundArchive() throws IOException {
            if (!Files.isDirectory(cache())) {
                return Optional.empty();
            }
            List<Path> candidates;
            try (Stream<Path> files = Files.list(cache())) {
                candidates = files.filter(file -> file.getFileName().toString().startsWith(key)
                        && file.getFileName().toString().endsWith(extension()) && !file.equals(archive))
                        .sorted(Comparator.comparing(ClassDataArchives::lastUsed).reversed()).toList();
            }
            for (Path candidate : candidates) {
                if (isSound(candidate, digests())) {
                    markUsed(candidate);
                    return Optional.of(candidate);
                }
            }
            return Optional.empty();
        }

        /** The options between the {@code java} executable and the class path. */
        private List<String> jvmOptions() {
            return command.argv().subList(1, classPathIndex - 1);
        }

        private ChildCommand withArchive(Path from) {
            ChildCommand sized = javaFeature >= AOT_CACHE_FEATURE
                    ? command.withInitialHeapOfAtLeast(initialHeapMibFor(sizeOf(from))) : command;
            List<String> argv = new ArrayList<>(sized.argv());
            argv.set(classPathIndex, layout.archivedOrder());
            argv.add(classPathIndex - 1, useFlag(from));
            argv.addAll(1, useFlagsFirst());
            return new ChildCommand(argv);
        }

        private List<String> trainingArgv(Path output) {
            List<String> argv = new ArrayList<>();
            argv.add(command.argv().get(0));
            // Placed first, so a user's own options still win.
            argv.addAll(recordingNoProfiles(javaFeature));
            for (String option : jvmOptions()) {
                // An agent (a coverage recorder, say) would record the training run as if it were a test.
                if (option.startsWith("-javaagent:")) {
                    // But a Java agent adds java.instrument to the modules the JVM resolves, in its place among the
                    // options, and JDK 25 maps no AOT cache made with other modules, not even for the JDK's classes:
                    // without it here, every child of a run that records coverage would start from no archive at all.
                    argv.add("--add-modules=java.instrument");
                }
                else if (!option.startsWith("-agentpath:") && !option.startsWith("-agentlib:")) {
                    argv.add(option);
                }
            }
            argv.add(dumpFlag(output));
            argv.add("-cp");
            argv.add(layout.archivedOnly());
            argv.add(ChildMain.class.getName());
            argv.add(ChildMain.TRAINING_ARGUMENT);
            if (!trained().isEmpty()) {
                argv.add(ChildMain.LEARNED_CLASSES_ARGUMENT);
            }
            return argv;
        }

        /** The learned classes the training run loads: none where the children's Java agent should see them. */
        private Set<String> trained() {
            return linksBeforeAgents ? Set.of() : learned.names();
        }

        /**
         * Starts a JVM from the archive as a child starts (its flags, its class path), only to print its version:
         * JDK 25 refuses to start at all from an AOT cache it cannot use, where earlier JDKs go on without the
         * archive. Empty if it started; else the JVM's reason.
         */
        private Optional<String> whyChildrenCannotStartFrom(Path made) throws IOException, InterruptedException {
            if (javaFeature < AOT_CACHE_FEATURE) {
                return Optional.empty();
            }
            List<String> argv = new ArrayList<>(withArchive(made).argv());
            // the version instead of the main class; the JVM's errors about the archive instead of none
            argv.set(argv.size() - 1, "-version");
            argv.add(argv.lastIndexOf("-cp"), "-Xlog:aot=error,cds=error");
            Process process = new ProcessBuilder(argv).redirectErrorStream(true).start();
            String output = outputOf(process);
            if (process.waitFor() == 0) {
                return Optional.empty();
            }
            return Optional.of(output.lines().filter(line -> line.contains("[error]")).findFirst()
                    .map(line -> line.replaceFirst("^(\\[[^]]*\\])+\\s*", "")).orElse(lastLine(output)));
        }

        private void startDump() {
            state = State.DUMPING;
            partial = cache().resolve(archive.getFileName() + "." + ProcessHandle.current().pid() + ".partial");
            dump = new Thread(this::dump, "nsunit-archive-dump");
            dump.setDaemon(true);
            dump.start();
        }

        private void dump() {
            // One dump at a time in this JVM (the file lock keeps other JVMs out): they compete for the same cores.
            synchronized (DUMPS_IN_THIS_JVM) {
                dumpAlone();
            }
        }

        private void dumpAlone() {
            State outcome = State.UNUSABLE;
            try (FileChannel lockFile = FileChannel.open(cache().resolve(LOCK_FILE), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE); FileLock lock = lockOnceFree(lockFile)) {
                if (lock == null || Files.exists(archive)) {
                    // Another JVM made an archive in this directory meanwhile (maybe this very one, which it is for
                    // this JVM to check), or is still making one: look again for the next child.
                    outcome = State.ABSENT;
                    return;
                }
                Process process;
                synchronized (this) {
                    training = process = new ProcessBuilder(trainingArgv(partial)).redirectErrorStream(true).start();
                }
                name(trained(), process);
                String output = outputOf(process);
                int exit = process.waitFor();
                if (exit != 0 || !Files.isRegularFile(partial) || Files.size(partial) == 0) {
                    warn("the training run that makes the class-data archive failed (exit status " + exit + ": "
                            + lastLine(output) + "); child JVMs start " + (meanwhile == null ? "without one"
                                    : "from the archive made before, " + meanwhile));
                    return;
                }
                Optional<String> refused = whyChildrenCannotStartFrom(partial);
                if (refused.isPresent()) {
                    warn("a child JVM cannot start from the class-data archive just made (" + refused.get()
                            + "), so it is not kept; child JVMs start " + (meanwhile == null ? "without one"
                                    : "from the archive made before, " + meanwhile));
                    return;
                }
                Path digestFile = digestOf(archive);
                Path partialDigest = digestFile.resolveSibling(digestFile.getFileName() + ".partial");
                Files.writeString(partialDigest, DigestIndex.compute(partial));
                Files.move(partialDigest, digestFile, StandardCopyOption.ATOMIC_MOVE,
                        StandardCopyOption.REPLACE_EXISTING);
                Files.move(partial, archive, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                outcome = State.READY;
                evictAllBut(archivesKept);
            }
            catch (IOException | UncheckedIOException e) {
                warn("cannot make the class-data archive in " + cache() + " (" + e
                        + "); child JVMs start without one");
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            finally {
                deleteQuietly(partial);
                synchronized (this) {
                    state = outcome;
                    training = null;
                }
            }
        }

        void awaitDump() throws InterruptedException {
            Thread running;
            synchronized (this) {
                running = dump;
            }
            if (running == null) {
                return;
            }
            running.join(TimeUnit.SECONDS.toMillis(DUMP_TIMEOUT_SECONDS));
            // Past the limit, a training run is ended, even one that starts only now: the dump may have waited as long
            // for another JVM's to end (lockOnceFree).
            while (running.isAlive()) {
                synchronized (this) {
                    if (training != null) {
                        training.destroyForcibly();
                    }
                }
                running.join(LOCK_POLL_MILLIS);
            }
        }
    }

    /**
     * The least initial heap, in MiB, of a child started from a JDK 25 AOT cache of this size. The cache holds objects
     * of the training run's heap, which a child copies into its old generation as it starts; where they do not fit
     * (the serial collector's old generation starts at two thirds of the initial heap), the JVM refuses to start:
     * "the archived heap objects cannot be loaded". Measured: 1.6 MB of objects in a 21 MB cache of nsunit's and
     * JUnit's classes, 2.8 MB in a 68 MB cache that also holds a Spring Boot application's, which a 4 MiB heap could
     * not take. So at least 15% of the cache (no change up to a cache of 26 MiB); each new cache is checked with a JVM
     * started as its children are before any child uses it.
     */
    static long initialHeapMibFor(long cacheBytes) {
        return Math.max(4, (cacheBytes * 15 / 100 + (1 << 20) - 1) >> 20);
    }

    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        }
        catch (IOException gone) {
            // a child started from it starts without it (quietly), whatever its heap
            return 0;
        }
    }

    /** A digest of the fields, in order, each ended by a zero byte: the name of a file of the cache. */
    static String keyOf(List<String> fields) {
        MessageDigest key = sha256();
        for (String field : fields) {
            key.update(field.getBytes(StandardCharsets.UTF_8));
            key.update((byte) 0);
        }
        return HexFormat.of().formatHex(key.digest(), 0, 16);
    }

    /**
     * Names the learned classes to the training run on its standard input, which it reads before anything else. A
     * run that fails before it reads them says why in its output and its exit status, which are reported instead.
     */
    /**
     * What the process wrote, to its end, with the pipe closed here: left to the JDK, it is closed by a thread of its
     * own after the process is reaped, possibly after the run that made the archive has ended, which then seems to
     * keep a descriptor of its child's.
     */
    private static String outputOf(Process process) throws IOException {
        try (InputStream output = process.getInputStream()) {
            return new String(output.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static void name(Set<String> classes, Process training) {
        try (Writer names = new OutputStreamWriter(training.getOutputStream(), StandardCharsets.UTF_8)) {
            for (String name : classes) {
                names.write(name);
                names.write('\n');
            }
        }
        catch (IOException trainingGone) {
            // reported from its exit status
        }
    }

    /** The digest file's modification time says when an archive was last used; the cache keeps the latest. */
    private static void markUsed(Path archive) {
        try {
            Files.setLastModifiedTime(digestOf(archive), FileTime.fromMillis(System.currentTimeMillis()));
        }
        catch (IOException notWritable) {
            // then it may be evicted sooner than it should; it is only a cache
        }
    }

    /**
     * Deletes all but the most recently used archives (of either JDK's kind), with their digests, and all but as
     * many lists of learned classes.
     */
    private void evictAllBut(int kept) throws IOException {
        for (Path stale : allButLatest(kept, ".jsa", ".aot")) {
            // A JVM that has mapped it keeps its mapping; one about to start from it starts without (quietly).
            Files.deleteIfExists(stale);
            Files.deleteIfExists(digestOf(stale));
        }
        for (Path stale : allButLatest(kept, LearnedClasses.SUFFIX)) {
            Files.deleteIfExists(stale);
        }
    }

    private List<Path> allButLatest(int kept, String... suffixes) throws IOException {
        List<Path> files;
        try (Stream<Path> listed = Files.list(cache())) {
            files = listed.filter(file -> Stream.of(suffixes).anyMatch(file.toString()::endsWith))
                    .sorted(Comparator.comparing(ClassDataArchives::lastUsed).reversed()).toList();
        }
        return files.subList(Math.min(kept, files.size()), files.size());
    }

    private static FileTime lastUsed(Path archive) {
        try {
            Path digest = digestOf(archive);
            return Files.getLastModifiedTime(Files.exists(digest) ? digest : archive);
        }
        catch (IOException gone) {
            return FileTime.fromMillis(0);
        }
    }

    /**
     * The cache's dump lock, once no other JVM holds it: another JVM sharing the cache directory (another Surefire
     * fork, another Gradle worker) is making an archive, most likely the very one this JVM needs, and children started
     * meanwhile would start without it and slow its making down (see {@link #applyOnceMade}). Measured with two JVMs
     * at once on one empty cache, 50 trivial tests each, JDK 25, 4 runs each way: 30.0 against 27.6 s of CPU for
     * both, the same wall time. Null if it is still held after as long as a training run may take.
     */
    private static FileLock lockOnceFree(FileChannel channel) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(DUMP_TIMEOUT_SECONDS);
        FileLock lock = tryLock(channel);
        while (lock == null && System.nanoTime() < deadline) {
            Thread.sleep(LOCK_POLL_MILLIS);
            lock = tryLock(channel);
        }
        return lock;
    }

    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        }
        catch (OverlappingFileLockException heldInThisJvm) {
            return null;
        }
    }

    private static boolean isSound(Path archive, DigestIndex digests) throws IOException {
        Path digestFile = digestOf(archive);
        return Files.isRegularFile(digestFile)
                && Files.readString(digestFile).trim().equals(digests.digest(archive));
    }

    private static Path digestOf(Path archive) {
        return archive.resolveSibling(archive.getFileName() + ".sha256");
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        }
        catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every JDK has SHA-256", e);
        }
    }

    private static Optional<Path> codeSourceOf(Class<?> type) {
        try {
            return Optional.of(Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI())
                    .toAbsolutePath().normalize());
        }
        catch (URISyntaxException | RuntimeException unknown) {
            return Optional.empty();
        }
    }

    private static String lastLine(String output) {
        String[] lines = output.strip().split("\n");
        return lines.length == 0 || lines[lines.length - 1].isBlank() ? "no output" : lines[lines.length - 1].strip();
    }

    private static void deleteQuietly(Path path) {
        try {
            if (path != null) {
                Files.deleteIfExists(path);
            }
        }
        catch (IOException ignored) {
            // a stray partial file is only wasted space, named so it is never taken for an archive
        }
    }
}
