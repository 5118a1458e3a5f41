package dev.nsunit.internal.launch;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

import dev.nsunit.internal.linux.ClockOffsets;
import dev.nsunit.internal.linux.Linux;
import dev.nsunit.internal.linux.NamespaceJoin;
import dev.nsunit.internal.linux.NamespaceSetup;
import dev.nsunit.internal.linux.NamespaceType;
import dev.nsunit.internal.linux.ResourceLimits;
import dev.nsunit.internal.linux.UserMapping;
import dev.nsunit.internal.relay.Message;

/**
 * Children started ahead of the tests that will use them, so that a JVM's start overlaps the test before.
 *
 * <p>Each time a unit of work takes a child, the pool starts children of the kinds (namespace types,
 * user-namespace ids, clock offsets and command) that the run's plan says the next units need, up to {@code capacity}:
 * once the child is ready if it was waiting, once its run is over if it had to be started for the unit (so that
 * nothing competes with work that waits for a cold child). The new ones are born in fresh namespaces of those types
 * and warm up while they wait where there are cores to spare for it ({@link #warmsUp}). A child started for a unit
 * whose run the plan knows ({@link UpcomingUnit#run}) is sent that unit's setup and run at once, and sets up its
 * namespaces and discovers the run while it waits: only a unit of that very setup takes it. Any other receives its
 * test's setup (hostname, mounts, ...) only when it is handed to it. A unit that no waiting child serves gets a new
 * child. A child leaves the pool when it is taken and never returns, so no child ever runs two tests. Every child
 * starts with the flags its run's {@link ChildWeight} asks for when it starts, and tells it what it used when it has
 * ended.
 *
 * <p>Closed at the end of the run, which shuts down every child still waiting. A waiting child whose parent dies
 * sees its control pipe close and exits, as every child does.
 */
public final class WarmChildren implements AutoCloseable {

    private final Linux linux;
    private final int capacity;
    private final boolean warmUp;
    private final Deque<Waiting> waiting = new ArrayDeque<>();
    private final List<Thread> shutdowns = new ArrayList<>();
    private boolean closed;

    /**
     * @param capacity how many children may wait at once; 0 starts every child when its test needs it
     * @param warmUp   whether waiting children run the warm-up ({@link #warmsUp})
     */
    public WarmChildren(Linux linux, int capacity, boolean warmUp) {
        this.linux = linux;
        this.capacity = capacity;
        this.warmUp = warmUp;
    }

    /**
     * Whether children started ahead should warm up (run an empty test through the launcher while they wait) on a
     * machine with this many processors. A warm-up takes about 190 ms of CPU off the test's own run but costs
     * about 280, so it pays only on a core that would otherwise be idle. While one child runs its test, the next
     * is being started: with two processors both are busy, and warming up takes CPU from them (measured on two
     * cores, 50 trivial tests: 86 ms more CPU per test and 4% more wall time with it than without); a third
     * processor is left to it.
     */
    public static boolean warmsUp(int processors) {
        return processors > 2;
    }

    /**
     * A child in new namespaces of the setup's types, running the command, that has never been handed a test:
     * one that has been waiting if one serves this setup, otherwise a new one. Then makes the waiting children
     * those the next units of the run's plan need, in order: {@code upcoming}'s first {@code capacity} (the same
     * command); waiting children no upcoming unit needs are ended. The child may have been prepared for this setup
     * already ({@link ChildProcess#prepare}).
     */
    public synchronized ChildProcess take(NamespaceSetup setup, ChildCommand command, List<UpcomingUnit> upcoming,
            ChildWeight weight) throws IOException {
        if (closed) {
            throw new IllegalStateException("The run's child pool is closed");
        }
        ChildProcess taken = null;
        for (Iterator<Waiting> each = waiting.iterator(); each.hasNext();) {
            Waiting candidate = each.next();
            if (candidate.child().hasExited()) {
                each.remove();
                shutDownInBackground(candidate.child());
            }
            else if (taken == null && candidate.serves(setup, command)) {
                taken = candidate.child();
                each.remove();
            }
        }
        List<UpcomingUnit> needed = upcoming.stream().limit(capacity).toList();
        endUnneeded(needed, command);
        if (taken == null) {
            // Started cold, with a test waiting for it: the children for later tests would compete with it for the
            // cores (measured: the first test of a run took 200 ms longer per child started beside it), so they
            // start once its run is over.
            taken = start(Kind.of(setup, command), weight);
            taken.whenRunFinished(() -> topUpInBackground(needed, command, weight));
        }
        else {
            // Warm: it has little left to do, and the next units are coming.
            taken.whenReady(() -> topUpInBackground(needed, command, weight));
        }
        return taken;
    }

    /** Ends the waiting children beyond what the next units need. */
    private void endUnneeded(List<UpcomingUnit> needed, ChildCommand command) {
        List<UpcomingUnit> unserved = new ArrayList<>(needed);
        for (Iterator<Waiting> each = waiting.iterator(); each.hasNext();) {
            Waiting candidate = each.next();
            if (!unserved.remove(candidate.servedIn(unserved, command))) {
                each.remove();
                shutDownInBackground(candidate.child());
            }
        }
    }

    /**
     * Starts a child of this kind, with the flags its run's weight asks for; a waiting child started with others
     * still serves its kind.
     */
    private ChildProcess start(Kind kind, ChildWeight weight) throws IOException {
        ChildCommand command = weight.commandFor(kind.command());
        ChildProcess child = ChildProcess.start(linux, kind.setup(), command);
        weight.watch(child, command);
        return child;
    }

    /**
     * Tops up on a thread of its own: the children are started, and sent what they can do ahead, while the taken
     * child's test runs, and neither the engine's thread, about to hand the child its test, nor the thread reading
     * the child's relay waits for it. A plain thread of this JVM's, so that what the children prove their
     * namespaces against ({@link ChildProcess#prepare}) is this JVM's.
     */
    private void topUpInBackground(List<UpcomingUnit> needed, ChildCommand command, ChildWeight weight) {
        Thread topUp = new Thread(() -> topUp(needed, command, weight), "nsunit-warm-start");
        topUp.setDaemon(true);
        topUp.start();
    }

    /** Starts a child for each of the next units that no waiting child serves. */
    private synchronized void topUp(List<UpcomingUnit> needed, ChildCommand command, ChildWeight weight) {
        List<UpcomingUnit> missing = new ArrayList<>(needed);
        for (Waiting candidate : waiting) {
            missing.remove(candidate.servedIn(missing, command));
        }
        for (UpcomingUnit unit : missing) {
            if (closed || waiting.size() >= capacity) {
                return;
            }
            ChildProcess warm;
            try {
                warm = start(Kind.of(unit.setup(), command), weight);
            }
            catch (IOException | RuntimeException cannotStart) {
                // The next unit starts its own child, and meets the same problem there, where it is reported.
                return;
            }
            try {
                if (warmUp) {
                    warm.send(new Message.WarmUp());
                }
                NamespaceSetup prepared = null;
                // Not while the children's class-data archive is still being made: a child without it discovers
                // at several times the CPU, which ahead of its test it would take from the training run, and every
                // child until the archive comes would start without it (JDK 25, the benchmark's cold cache: 1.83
                // times the cached run, against 1.41 with children that discover when handed their test).
                if (unit.run() != null && !weight.startsBeforeItsArchive(command)) {
                    warm.prepare(unit.setup());
                    warm.send(new Message.Discover(unit.run()));
                    prepared = unit.setup();
                }
                waiting.add(new Waiting(Kind.of(unit.setup(), command), prepared, warm));
            }
            catch (IOException diedAtBirth) {
                shutDownInBackground(warm);
                return;
            }
        }
    }

    /** Ends every waiting child and waits until all have exited. */
    @Override
    public void close() throws InterruptedException {
        List<Thread> pending;
        synchronized (this) {
            closed = true;
            while (!waiting.isEmpty()) {
                shutDownInBackground(waiting.poll().child());
            }
            pending = new ArrayList<>(shutdowns);
        }
        for (Thread shutdown : pending) {
            shutdown.join();
        }
    }

    /**
     * Ends a child that was never handed a test, without holding up the test that is waiting: closing its control
     * pipe makes it exit at once, even halfway through its warm-up, and it is killed if it does not.
     */
    private void shutDownInBackground(ChildProcess child) {
        Thread shutdown = new Thread(() -> {
            try {
                child.terminate();
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "nsunit-shutdown-" + child.pid());
        shutdown.setDaemon(true);
        shutdown.start();
        shutdowns.removeIf(done -> !done.isAlive());
        shutdowns.add(shutdown);
    }

    /** What makes two children interchangeable before their test's setup is sent. */
    private record Kind(Set<NamespaceType> types, UserMapping users, ChildCommand command, ClockOffsets clocks,
            List<NamespaceJoin> joins, ResourceLimits limits) {

        static Kind of(NamespaceSetup setup, ChildCommand command) {
            return new Kind(setup.types(), setup.users(), command, setup.clocks(), setup.joins(), setup.limits());
        }

        /**
         * What the spawn needs: the types, the ids a user namespace maps, a time namespace's offsets (written
         * before the child exists, so a child started ahead has them for good), the namespaces to join and the
         * cgroups' limits.
         */
        NamespaceSetup setup() {
            return new NamespaceSetup(types, "", "", List.of(), List.of(), List.of(), List.of(), users, false, clocks,
                    joins, null, limits);
        }
    }

    /**
     * A child started ahead: of a kind, and set up for one setup already ({@code prepared}) or not yet (null), in
     * which case any setup of its kind may take it.
     */
    private record Waiting(Kind kind, NamespaceSetup prepared, ChildProcess child) {

        boolean serves(NamespaceSetup setup, ChildCommand command) {
            return kind.equals(Kind.of(setup, command)) && (prepared == null || prepared.equals(setup));
        }

        /** The first of the units that this child serves, or null. */
        UpcomingUnit servedIn(List<UpcomingUnit> units, ChildCommand command) {
            for (UpcomingUnit unit : units) {
                if (serves(unit.setup(), command)) {
                    return unit;
                }
            }
            return null;
        }
    }
}
