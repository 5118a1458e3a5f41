package dev.nsunit.internal.launch;

import java.time.Duration;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * How heavy the tests of one run's children are, as the children that have ended show. A child starts lean (a small
 * initial heap, raised compile thresholds: {@link ChildCommand}), which saves a trivial test's child 20 to 30 ms of
 * CPU and keeps it under 48 MiB. A test that loads an application pays for both: measured on a Spring Boot
 * {@code @WebMvcTest}, in JVMs of the benchmark's floor started with and without them (12 each, interleaved), 1,860
 * against 1,666 ms of CPU and 1,494 against 1,259 ms of wall time. So once a child's test was heavy, the run's later
 * children start with the JVM's own heap and thresholds ({@link ChildCommand#forHeavyTests}). The children already
 * started keep what they had, and nothing goes back: a run's tests are mostly alike. Measured with 15 such tests
 * (six classes) in one run, 4 interleaved runs each way: 29.6 against 26.9 s of wall time, 38.0 against 36.6 s of
 * CPU, the first three tests' children started lean.
 *
 * <p>A test is weighed by the CPU its child spent on the run, from the test's handing over to the end of its run
 * ({@code RunFinished}), not by the child's whole CPU: the JVM's start is the same for every test, and the machine's
 * load makes it dearer for all alike. Weighed whole (above 0.75 s), a run of trivial tests in a slow hour had one
 * child take 0.76 s, and its 25 later children started with the JVM's own flags, each compiling about twice the
 * methods (850 against 465) for a fifth more CPU (JDK 17, 2026-12-06). A trivial test's run, measured from each
 * child's phase log (50 children, JDK 17 and 25): from the archive and discovered ahead, 79 and 28 ms on average,
 * 220 and 90 at most; its discovery, where it was not ahead, 160 and 72 more. A Spring Boot test's child took 1.7 to
 * 1.9 s of CPU (above), so its run, a trivial child's 0.4 s taken out, about 1.3 s. Without an archive, JUnit's
 * classes are parsed on the way: the run took 196 and 175 ms on average, 550 and 480 at most, its discovery 388 and
 * 381 more. A child started without the archive that is being made for it does not count: in a run with an empty
 * cache, the first children pay up to a second at their start, trivial test or not. A child that reported no run (it
 * was killed, or its test timed out) is weighed whole: 0.75 s from an archive, 2 s without.
 */
public final class ChildWeight {

    /** What makes a child's test heavy: its run's CPU, or the child's whole CPU where it reported none. */
    record Limits(Duration run, Duration whole) {
    }

    static final Limits FROM_ARCHIVE = new Limits(Duration.ofMillis(500), Duration.ofMillis(750));
    static final Limits WITHOUT_ARCHIVE = new Limits(Duration.ofMillis(1500), Duration.ofSeconds(2));

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
        heavyAbove(startedWith).ifPresent(limits -> child.whenExited(
                reaped -> observe(child.runCpu(), reaped.cpu(), limits)));
    }

    /**
     * Above how much CPU a child started with this command was heavy: less for one started from an archive; none for
     * one started without the archive being made for it.
     */
    Optional<Limits> heavyAbove(ChildCommand startedWith) {
        if (startedWith.startsFromArchive()) {
            return Optional.of(FROM_ARCHIVE);
        }
        return startsBeforeItsArchive(startedWith) ? Optional.empty() : Optional.of(WITHOUT_ARCHIVE);
    }

    /** Whether a child started with this command starts without the archive that is being made for it. */
    boolean startsBeforeItsArchive(ChildCommand startedWith) {
        return !startedWith.startsFromArchive() && archiveComing.getAsBoolean();
    }

    /** Takes note of a child that has ended: the CPU of its run, if it reported one, and its whole CPU. */
    void observe(Optional<Duration> run, Duration whole, Limits limits) {
        boolean heavyTest = run.isPresent() ? run.get().compareTo(limits.run()) > 0
                : whole.compareTo(limits.whole()) > 0;
        if (heavyTest) {
            heavy = true;
        }
    }

    /** The command the run's next child starts with: the lean one, until a child was heavy. */
    public ChildCommand commandFor(ChildCommand lean) {
        return heavy ? lean.forHeavyTests() : lean;
    }
}
