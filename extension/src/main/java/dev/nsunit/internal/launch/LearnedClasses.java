package dev.nsunit.internal.launch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The classes that children of one command were seen to read from class files although an archive could hold
 * them: classes of the archived jars and of the JDK's own image that the training run never meets, because the
 * user's tests and the libraries they call (an assertion library, a framework) load them. Learned from the
 * children's own JVMs, so that the next archive made for the command holds them too, and a child maps them instead
 * of parsing and verifying them again.
 *
 * <p>Every child started from an archive writes a log of the classes it parses ({@code -Xlog:class+preorder}, which the
 * JVM writes only for a class read from a class file, so a child that finds everything in its archive writes next to
 * nothing, and measured no dearer than none). The run reads the logs of children that have ended as it goes, keeping a
 * count per class and no more, and at its end adds to the list kept in the cache what is worth it:
 * <ul>
 * <li>a class at least one child in {@value #SHARE_OF_CHILDREN} loaded: on JDK 25 every child loads every class of
 * its archive before {@code main}, so a class that few children need would cost all the others;</li>
 * <li>only if the newcomers were loaded often enough to be worth a new training run, which costs seconds of CPU:
 * a class a child parses costs it about half a millisecond, mapped about nothing.</li>
 * </ul>
 *
 * <p>The list is kept under a key of the command that leaves out the jars' contents, so that it outlives a rebuilt
 * jar: the archive for the new jars is made with it from the start. It only grows; a class that no jar holds any
 * more is skipped when the archive is made. Like the archives, the list is a cache: a missing or damaged one only
 * means children are seen to parse those classes again.
 */
final class LearnedClasses {

    private static final String HEADER = "nsunit learned classes 1";
    static final String SUFFIX = ".classes";
    private static final String LOGS = "learning";
    private static final String LOG_SUFFIX = ".log";
    /** Where a log's name holds the pid of the run's JVM, and of the child. */
    private static final int RUN = 1;
    private static final int CHILD = 2;
    /** One child in this many must load a class for it to be learned. */
    static final int SHARE_OF_CHILDREN = 20;
    /** A binary class name: what a log line may name, and what the list may hold. */
    private static final Pattern CLASS_NAME = Pattern
            .compile("[\\p{L}_$][\\p{L}\\p{N}_$]*(\\.[\\p{L}_$][\\p{L}\\p{N}_$]*)*");
    private static final String SOURCE = " source: ";

    private final Path file;
    private final Path logs;
    private final String key;
    private final Set<Path> archivedJars;
    private final int loadsWorthTraining;
    private final SortedSet<String> known;
    private final Map<String, Integer> loads = new HashMap<>();
    private int children;

    private LearnedClasses(Path cache, String key, List<Path> archivedJars, int loadsWorthTraining) {
        this.file = cache.resolve(key + SUFFIX);
        this.logs = cache.resolve(LOGS);
        this.key = key;
        this.archivedJars = Set.copyOf(archivedJars);
        this.loadsWorthTraining = loadsWorthTraining;
        this.known = Collections.unmodifiableSortedSet(readList(file));
        if (!known.isEmpty()) {
            try {
                // Read is used: the cache keeps the lists most recently used, as it keeps archives.
                Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis()));
            }
            catch (IOException notWritable) {
                // then it may be evicted sooner than it should; it is only a cache
            }
        }
    }

    /**
     * The list kept in the cache under the key, or none if there is none or it cannot be read.
     *
     * @param archivedJars       the jars the archive holds: only their classes (and the JDK's) are learned
     * @param loadsWorthTraining how many loads of classes not yet listed, over a run's children, make the list grow
     */
    static LearnedClasses in(Path cache, String key, List<Path> archivedJars, int loadsWorthTraining) {
        return new LearnedClasses(cache, key, archivedJars, loadsWorthTraining);
    }

    /** The classes learned so far, which the archive made for this run holds. */
    SortedSet<String> names() {
        return known;
    }

    /** Part of the archive's name: a digest of the list, or nothing while the list is empty. */
    String suffix() {
        if (known.isEmpty()) {
            return "";
        }
        MessageDigest digest = ClassDataArchives.sha256();
        digest.update(String.join("\n", known).getBytes(StandardCharsets.UTF_8));
        return "-" + HexFormat.of().formatHex(digest.digest(), 0, 8);
    }

    /**
     * The option that has a child log the classes it parses, to a file named for its pid; none where the file could
     * not be opened, since a JVM that cannot open a log file named on its command line does not start. Asked for every
     * child, so that a log directory deleted during a run costs the learning, never a child.
     */
    Optional<String> childOption() {
        Optional<String> option = logOption();
        if (option.isPresent()) {
            children++;
        }
        return option;
    }

    private Optional<String> logOption() {
        Path directory = logs.toAbsolutePath();
        if (directory.toString().contains("\"") || directory.toString().contains("%")) {
            // Neither can be written in the option's quoted file name (the JVM replaces %p with the pid).
            return Optional.empty();
        }
        try {
            // Asked first: on a directory that exists, createDirectories fails inside and throws, for every child
            // (about 0.15 ms of the test JVM's main thread each, between one test and the next).
            if (!Files.isDirectory(directory)) {
                Files.createDirectories(directory);
            }
        }
        catch (IOException | UncheckedIOException notWritable) {
            return Optional.empty();
        }
        if (!Files.isWritable(directory)) {
            return Optional.empty();
        }
        Path log = directory.resolve(logPrefix(ProcessHandle.current().pid()) + "%p" + LOG_SUFFIX);
        return Optional.of("-Xlog:class+preorder=debug:file=\"" + log + "\":none:filecount=0");
    }

    /**
     * Counts what the children that have ended loaded, and deletes their logs: the run keeps no log for long. A log
     * is named for the pid its JVM sees, which in a PID namespace of its own is the same for every such child: their
     * logs are one file, which each appends to, and which is counted at the end of the run.
     */
    void absorbEnded() throws IOException {
        for (Path log : logsOf(ProcessHandle.current().pid())) {
            if (pidIn(log, CHILD).map(child -> ProcessHandle.of(child).isEmpty()).orElse(false)) {
                absorb(log);
            }
        }
    }

    /**
     * At the end of the run: counts the logs left (this run's, and those of runs that ended without counting
     * theirs), and adds the classes worth it to the list.
     *
     * @return whether the list grew, so that the next run makes a new archive
     */
    boolean learn() throws IOException {
        for (Path log : logsOf(ProcessHandle.current().pid())) {
            absorb(log);
        }
        sweepLogsOfEndedRuns();
        int needed = Math.max(1, (children + SHARE_OF_CHILDREN - 1) / SHARE_OF_CHILDREN);
        Set<String> newcomers = new HashSet<>();
        long newcomersLoads = 0;
        for (Map.Entry<String, Integer> counted : loads.entrySet()) {
            if (counted.getValue() >= needed && !known.contains(counted.getKey())) {
                newcomers.add(counted.getKey());
                newcomersLoads += counted.getValue();
            }
        }
        loads.clear();
        children = 0;
        if (newcomers.isEmpty() || newcomersLoads < loadsWorthTraining) {
            return false;
        }
        // Another JVM of the same command may have added to the list since this run read it.
        SortedSet<String> grown = readList(file);
        grown.addAll(known);
        grown.addAll(newcomers);
        List<String> lines = new ArrayList<>();
        lines.add(HEADER);
        lines.addAll(grown);
        CacheFile.replace(file, lines);
        return true;
    }

    private static SortedSet<String> readList(Path file) {
        SortedSet<String> names = new TreeSet<>();
        try {
            List<String> lines = Files.readAllLines(file);
            if (lines.isEmpty() || !lines.get(0).equals(HEADER)) {
                return names;
            }
            lines.subList(1, lines.size()).stream().filter(line -> CLASS_NAME.matcher(line).matches())
                    .forEach(names::add);
        }
        catch (IOException | RuntimeException missingOrUnreadable) {
            names.clear();
        }
        return names;
    }

    /** Counts every class a log names: a child parses a class once, so each line is a load by another child. */
    private void absorb(Path log) throws IOException {
        try (Stream<String> lines = Files.lines(log, StandardCharsets.UTF_8)) {
            lines.forEach(line -> archivable(line).ifPresent(name -> loads.merge(name, 1, Integer::sum)));
        }
        catch (NoSuchFileException gone) {
            return;
        }
        catch (RuntimeException unreadable) {
            // a log cut short or not UTF-8: what was not counted of it is lost, nothing else
        }
        Files.deleteIfExists(log);
    }

    /** The class a log line names, if it was read from a class file an archive could hold. */
    private Optional<String> archivable(String line) {
        int source = line.indexOf(SOURCE);
        if (source < 0) {
            return Optional.empty();
        }
        String name = line.substring(0, source);
        String from = line.substring(source + SOURCE.length());
        boolean archivedJar = from.startsWith("file:") && from.endsWith(".jar") && archivedJars.contains(jar(from));
        // The JDK's own classes are read from its image, lib/modules; hidden classes and proxies name no such source.
        boolean jdk = from.endsWith("/lib/modules");
        return (archivedJar || jdk) && CLASS_NAME.matcher(name).matches() ? Optional.of(name) : Optional.empty();
    }

    private static Path jar(String url) {
        try {
            return Path.of(URI.create(url)).toAbsolutePath().normalize();
        }
        catch (RuntimeException notAPath) {
            return Path.of("");
        }
    }

    /** Logs of children of runs whose JVM is gone: the children die with it, so the logs are whole. */
    private void sweepLogsOfEndedRuns() throws IOException {
        if (!Files.isDirectory(logs)) {
            return;
        }
        List<Path> stale = new ArrayList<>();
        try (Stream<Path> files = Files.list(logs)) {
            files.filter(log -> log.getFileName().toString().endsWith(LOG_SUFFIX))
                    .filter(log -> pidIn(log, RUN).map(run -> ProcessHandle.of(run).isEmpty()).orElse(true))
                    .forEach(stale::add);
        }
        for (Path log : stale) {
            if (log.getFileName().toString().startsWith(key + ".")) {
                absorb(log);
            }
            else {
                Files.deleteIfExists(log);
            }
        }
    }

    private List<Path> logsOf(long run) throws IOException {
        if (!Files.isDirectory(logs)) {
            return List.of();
        }
        String prefix = logPrefix(run);
        try (Stream<Path> files = Files.list(logs)) {
            return files.filter(log -> log.getFileName().toString().startsWith(prefix)
                    && log.getFileName().toString().endsWith(LOG_SUFFIX)).toList();
        }
    }

    private String logPrefix(long run) {
        return key + "." + run + ".";
    }

    /**
     * The pid at {@link #RUN} or {@link #CHILD} of a log named {@code <key>.<run>.<child>.log}; none for other
     * names.
     */
    private static Optional<Long> pidIn(Path log, int part) {
        String[] parts = log.getFileName().toString().split("\\.");
        try {
            return parts.length == 4 ? Optional.of(Long.parseLong(parts[part])) : Optional.empty();
        }
        catch (NumberFormatException notOurs) {
            return Optional.empty();
        }
    }
}
