package dev.nsunit.internal.launch;

import java.time.Duration;
import java.util.Optional;
import java.util.function.BooleanSupplier;

import dev.nsunit.internal.linux.ReapedChild;

/**
 * How heavy the tests of one run's children are, as the children that have ended show. A child starts lean (a small
 * initial heap, raised compile thresholds: {@link ChildCommand}), which saves a trivial test's child 20 to 30 ms of
 * CPU and keeps it under 48 MiB. A test that loads an application pays for both: measured on a Spring Boot
 * {@code @WebMvcTest}, in JVMs of the benchmark's floor started with and without them (12 each, interleaved), 1,860
 * against 1,666 ms of CPU and 1,494 against 1,259 ms of wall time. So once a child of the run took more than 0.75 s
 * of CPU (a trivial test's takes 0.2 to 0.5 s, a Spring Boot test's about 2; the flags' saving is a few percent of
 * that at most), the run's later children start with the JVM's own heap and thresholds
 * ({@link ChildCommand#forHeavyTests}). A child started without the class-data archive that is being made for it
 * does not count: in a run with an empty cache, the first children pay up to a second at their start, trivial test
 * or not; where children start without archives (they are off, or cannot be made), 2 s of CPU make one heavy. The
 * children already started keep what they had, and nothing goes back: a run's tests are mostly alike.
 * Measured with 15 such tests (six classes) in one run, 4 interleaved runs each way:
 * 29.6 against 26.9 s of wall time, 38.0 against 36.6 s of CPU, the first three tests' children started lean.
 */
public final class ChildWeight {

    static final Duration HEAVY_CPU = Duration.ofMillis(750);
    /** A child that parses every class it loads (no archive) takes 0.6 to 1 s before its test does anything. */
    static final Duration HEAVY_CPU_WITHOUT_ARCHIVE = Duration.ofSeconds(2);

    private final BooleanSupplier archiveComing;
    private volatile boolean heavy;

    /**
     * @param archiveComing whether the class-data archive of the run's children is on its way: a child started
     *                      without it then pays up to a second at its start, trivial test or not, and says nothing
     *                      about its test's weight
     */
    public ChildWeight(BooleanSupplier archiveComing) {
        this.archiveComing = archiveComing;
    }

    /** Takes note of the child when it has ended, if its CPU time tells its test's weight. */
    void watch(ChildProcess child, ChildCommand startedWith) {
        heavyAbove(startedWith).ifPresent(threshold -> child.whenExited(reaped -> observe(reaped, threshold)));
    }

    /**
     * Above how much CPU a child started with this command was heavy: less for one started from an archive; none for
     * one started without the archive being made for it.
     */
    Optional<Duration> heavyAbove(ChildCommand startedWith) {
        if (startedWith.startsFromArchive()) {
            return Optional.of(HEAVY_CPU);
        }
        return startsBeforeItsArchive(startedWith) ? Optional.empty() : Optional.of(HEAVY_CPU_WITHOUT_ARCHIVE);
    }

    /** Whether a child started with this command starts without the archive that is being made for it. */
    boolean startsBeforeItsArchive(ChildCommand startedWith) {
        return !startedWith.startsFromArchive() && archiveComing.getAsBoolean();
    }

    /** Takes note of a child that has ended. */
    void observe(ReapedChild child, Duration heavyAbove) {
        if (child.cpu().compareTo(heavyAbove) > 0) {
            heavy = true;
        }
    }

    /** The command the run's next child starts with: the lean one, until a child was heavy. */
    public ChildCommand commandFor(ChildCommand lean) {
        return heavy ? lean.forHeavyTests() : lean;
    }
}
