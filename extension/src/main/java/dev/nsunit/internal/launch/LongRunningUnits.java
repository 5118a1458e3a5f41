package dev.nsunit.internal.launch;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The units of work (a class run in one child, a test, a template's invocation) whose child ran long when last run,
 * so that their next child starts with the JVM's tiered compilation ({@link ChildCommand#forLongRuns}) instead of
 * C1 alone. C1 reaches speed sooner, which is what a child of a few seconds needs, but its code is slower: measured
 * on commons-lang3's own tests, one child per class, its {@code FastDateParser_TimeZoneStrategyTest} took 105 s
 * with C1 alone and 50 the next run, with tiered compilation, its {@code DurationFormatUtilsTest} 13 and 4.8; while
 * a Spring Boot test's child of about 2 s took 0.7 to 1.2 s more CPU with tiered compilation, and the 2 s
 * {@code LocaleUtilsTest} 1.2 s more wall time. A JVM cannot change its compilers once started, and nothing in a
 * unit says before it runs how long it will; so the run before says it.
 *
 * <p>A unit is listed when its child took more than {@link #LONG} of CPU, and stays listed while a child started
 * for a long run takes more than {@link #LONG_ON_TIERED} (tiered compilation halves such a child's CPU, so the
 * threshold halves with it, or a unit would go back and forth from run to run). The list is kept in the cache
 * directory, one per command (the children's class path and options, by a digest), and written at the end of a
 * run that changed it. Like the archives, it is a cache: a missing or damaged list only means the units in it run
 * once more with C1 alone.
 */
public final class LongRunningUnits {

    static final Duration LONG = Duration.ofSeconds(10);
    static final Duration LONG_ON_TIERED = Duration.ofSeconds(5);
    /** Warnings already given by this JVM: each once. */
    private static final Set<String> WARNED = ConcurrentHashMap.newKeySet();
    private static final String HEADER = "nsunit long-running units 1";
    static final String SUFFIX = ".long";

    private final Optional<Path> file;
    private final Set<String> listed;
    private final Set<String> current = ConcurrentHashMap.newKeySet();
    private final Consumer<String> warnings;
    private volatile boolean changed;

    private LongRunningUnits(Optional<Path> file, Consumer<String> warnings) {
        this.file = file;
        this.warnings = warnings;
        this.listed = file.map(this::read).orElse(Set.of());
        current.addAll(listed);
    }

    /**
     * The list kept in the cache directory for children of this command; with no cache directory, one that lives
     * as long as the run.
     *
     * @param warnings where the one-line warning goes if the list cannot be kept
     */
    public static LongRunningUnits in(Optional<Path> cache, ChildCommand command, Consumer<String> warnings) {
        return new LongRunningUnits(
                cache.map(directory -> directory.resolve(ClassDataArchives.keyOf(command.argv()) + SUFFIX)), warnings);
    }

    /** Whether the unit's child ran long when last run. */
    public boolean ranLong(String unit) {
        return listed.contains(unit);
    }

    /** Takes note of how long the unit's child runs, once it has exited. */
    public void watch(String unit, ChildProcess child, boolean startedForLongRun) {
        child.whenExited(reaped -> observe(unit, reaped.cpu(), startedForLongRun));
    }

    void observe(String unit, Duration cpu, boolean startedForLongRun) {
        boolean ranLong = cpu.compareTo(startedForLongRun ? LONG_ON_TIERED : LONG) > 0;
        if (ranLong ? current.add(unit) : current.remove(unit)) {
            changed = true;
        }
    }

    /** Keeps the list for the next run, if this run changed it. */
    public void save() {
        if (!changed || file.isEmpty()) {
            return;
        }
        Path target = file.get();
        List<String> lines = new ArrayList<>(List.of(HEADER));
        lines.addAll(new TreeSet<>(current));
        try {
            Files.createDirectories(target.getParent());
            CacheFile.replace(target, lines);
        }
        catch (IOException e) {
            String warning = "nsunit: cannot record in " + target.getParent() + " which tests' child JVMs ran long ("
                    + e + "); their next children start with C1 alone, as every other test's";
            if (WARNED.add(warning)) {
                warnings.accept(warning);
            }
        }
    }

    /** The units listed in the file; none if there is none, or it is not such a list (it is then replaced). */
    private Set<String> read(Path list) {
        try {
            List<String> lines = Files.readAllLines(list, StandardCharsets.UTF_8);
            if (lines.isEmpty() || !lines.get(0).equals(HEADER)) {
                changed = true;
                return Set.of();
            }
            return Set.copyOf(lines.subList(1, lines.size()));
        }
        catch (NoSuchFileException none) {
            return Set.of();
        }
        catch (IOException unreadable) {
            // Not UTF-8 (damaged) or unreadable: written anew at the end of the run, or the warning says why not.
            changed = true;
            return Set.of();
        }
    }
}
