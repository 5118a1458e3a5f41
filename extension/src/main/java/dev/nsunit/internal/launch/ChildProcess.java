package dev.nsunit.internal.launch;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import dev.nsunit.internal.cgroup.LimitCgroups;
import dev.nsunit.internal.cgroup.LimitPlan;
import dev.nsunit.internal.linux.Errno;
import dev.nsunit.internal.linux.ErrnoException;
import dev.nsunit.internal.linux.FdInputStream;
import dev.nsunit.internal.linux.FdOutputStream;
import dev.nsunit.internal.linux.Linux;
import dev.nsunit.internal.linux.MaskedProc;
import dev.nsunit.internal.linux.NamespaceInodes;
import dev.nsunit.internal.linux.NamespaceJoin;
import dev.nsunit.internal.linux.NamespaceSetup;
import dev.nsunit.internal.linux.NamespaceType;
import dev.nsunit.internal.linux.Pipe;
import dev.nsunit.internal.linux.ReapedChild;
import dev.nsunit.internal.linux.WaitStatus;
import dev.nsunit.internal.relay.Message;
import dev.nsunit.internal.relay.MessageChannel;

/**
 * A child JVM born in new namespaces, seen from the parent: its relay, its output and its exit, all delivered
 * as {@link ChildEvent}s on one queue so the test thread handles them in order.
 *
 * <p>The child is created by a thread of its own that unshares the namespaces, spawns the child and then waits
 * for it, and is never used for anything else: a thread whose namespaces changed must not go back to serving
 * other work, and every thread it created would inherit them.
 */
public final class ChildProcess implements AutoCloseable {

    private static final AtomicLong SPAWN_ATTEMPTS = new AtomicLong();
    private static final long GRACE_NANOS = TimeUnit.SECONDS.toNanos(3);

    private final Linux linux;
    private final long pid;
    private final String fence;
    private final MessageChannel channel;
    private NamespaceSetup prepared;
    private final FdOutputStream control;
    private final OutputPump stdout;
    private final OutputPump stderr;
    private final BlockingQueue<ChildEvent> events;
    private final CompletableFuture<ReapedChild> exit;
    /** Completed once {@link #exit} has run what {@link #whenExited} asked: what waits for the child waits on it. */
    private final CompletableFuture<Void> settled;
    private final CompletableFuture<Void> ready;
    private final CompletableFuture<Message.RunFinished> runFinished;
    private final CompletableFuture<Optional<String>> limitsReached;

    private ChildProcess(Linux linux, long pid, String fence, MessageChannel channel, FdOutputStream control,
            OutputPump stdout, OutputPump stderr, BlockingQueue<ChildEvent> events, CompletableFuture<ReapedChild> exit,
            CompletableFuture<Void> settled, CompletableFuture<Void> ready,
            CompletableFuture<Message.RunFinished> runFinished, CompletableFuture<Optional<String>> limitsReached) {
        this.linux = linux;
        this.pid = pid;
        this.fence = fence;
        this.channel = channel;
        this.control = control;
        this.stdout = stdout;
        this.stderr = stderr;
        this.events = events;
        this.exit = exit;
        this.settled = settled;
        this.ready = ready;
        this.runFinished = runFinished;
        this.limitsReached = limitsReached;
    }

    /** How many children this JVM has tried to spawn; lets tests prove that bad input never gets that far. */
    public static long spawnAttempts() {
        return SPAWN_ATTEMPTS.get();
    }

    /**
     * Spawns a child in new namespaces of exactly the setup's types, in the namespaces it joins, and in cgroups of its
     * own if it has resource limits. Of the setup only the types, the joins, the ids a user namespace maps and the
     * limits matter here; the rest is for the child to apply, sent in {@link Message.Prepare}.
     */
    public static ChildProcess start(Linux linux, NamespaceSetup setup, ChildCommand command) throws IOException {
        linux.prepareToSpawn();
        LimitCgroups cgroups = limitCgroups(setup);
        boolean handedOver = false;
        String fence = "nsunit-end-of-run-" + UUID.randomUUID();
        List<Pipe> pipes = new ArrayList<>();
        ChildProcess child;
        Pipe born;
        try {
            Pipe out = add(pipes, linux.pipe());
            Pipe err = add(pipes, linux.pipe());
            Pipe relay = add(pipes, linux.pipe());
            Pipe control = add(pipes, linux.pipe());
            born = UnshareCommand.waitsForParent(setup) ? add(pipes, linux.pipe()) : null;
            int[] childFds = born == null ? new int[] {out.writeFd(), err.writeFd(), relay.writeFd(), control.readFd()}
                    : new int[] {out.writeFd(), err.writeFd(), relay.writeFd(), control.readFd(), born.writeFd()};

            BlockingQueue<ChildEvent> events = new LinkedBlockingQueue<>();
            CompletableFuture<Long> spawned = new CompletableFuture<>();
            CompletableFuture<ReapedChild> exit = new CompletableFuture<>();
            CompletableFuture<Void> settled = new CompletableFuture<>();
            CompletableFuture<Optional<String>> limitsReached = new CompletableFuture<>();
            Thread spawner = new Thread(() -> spawnAndWait(linux, setup, command, childFds, cgroups, spawned, exit,
                    settled, limitsReached, events), "nsunit-spawner-" + SPAWN_ATTEMPTS.incrementAndGet());
            spawner.setDaemon(true);
            spawner.start();
            // From here on the spawner thread removes the cgroups, once the child has ended or failed to start.
            handedOver = true;
            long pid = join(spawned);
            for (int fd : childFds) {
                linux.close(fd);
            }

            OutputPump stdout = new OutputPump(new FdInputStream(linux, out.readFd()), ChildEvent.OutputStream.STDOUT,
                    fence, events::add);
            OutputPump stderr = new OutputPump(new FdInputStream(linux, err.readFd()), ChildEvent.OutputStream.STDERR,
                    fence, events::add);
            FdOutputStream controlOut = new FdOutputStream(linux, control.writeFd());
            FdInputStream relayIn = new FdInputStream(linux, relay.readFd());
            MessageChannel channel = new MessageChannel(relayIn, controlOut);
            startDaemon(stdout, "nsunit-stdout-" + pid);
            startDaemon(stderr, "nsunit-stderr-" + pid);
            CompletableFuture<Void> ready = new CompletableFuture<>();
            CompletableFuture<Message.RunFinished> runFinished = new CompletableFuture<>();
            startDaemon(() -> relayMessages(channel, relayIn, events, ready, runFinished), "nsunit-relay-" + pid);
            child = new ChildProcess(linux, pid, fence, channel, controlOut, stdout, stderr, events, exit, settled,
                    ready, runFinished, limitsReached);
        }
        catch (IOException | RuntimeException e) {
            for (Pipe pipe : pipes) {
                linux.close(pipe.readFd());
                linux.close(pipe.writeFd());
            }
            if (cgroups != null && !handedOver) {
                closeQuietly(cgroups);
            }
            throw e;
        }
        if (born != null) {
            release(linux, child, born.readFd(), UnshareCommand.waitsForMaps(setup), cgroups);
        }
        return child;
    }

    /** Waits (a little) until everything an ended child wrote to standard error has been read. */
    private void awaitStderrClosed() throws InterruptedException {
        long deadline = System.nanoTime() + GRACE_NANOS;
        ChildEvent event;
        while ((event = nextEvent(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) != null) {
            if (event instanceof ChildEvent.OutputClosed closed && closed.stream() == ChildEvent.OutputStream.STDERR) {
                return;
            }
        }
    }

    /** New cgroups with the setup's limits, or null if it has none. */
    private static LimitCgroups limitCgroups(NamespaceSetup setup) throws IOException {
        if (setup.limits().isEmpty()) {
            return null;
        }
        try {
            return LimitCgroups.create(LimitPlan.of(setup.limits()));
        }
        catch (LimitPlan.LimitsUnavailableException unavailable) {
            throw new IOException(unavailable.getMessage(), unavailable);
        }
    }

    /**
     * Waits until a child that waits for its parent is born (its namespaces exist, and it runs nothing until told),
     * puts it into its cgroups, gives it its identity map, and releases it into the child JVM. A child that cannot
     * have either is ended.
     */
    private static void release(Linux linux, ChildProcess child, int born, boolean maps, LimitCgroups cgroups)
            throws IOException {
        try {
            byte[] signal = new byte[1];
            if (linux.read(born, signal) != 1) {
                throw maps ? new IOException("util-linux's unshare exited before the child's namespaces existed")
                        : new CgroupAdmission(new IOException("it exited before it was born"));
            }
            if (cgroups != null) {
                admit(cgroups, child.pid);
            }
            if (maps) {
                IdentityMapping.write(child.pid);
            }
            child.control.write('\n');
            child.control.flush();
        }
        catch (IOException | RuntimeException failure) {
            try {
                child.terminate();
                child.awaitStderrClosed();
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            String said = String.join(System.lineSeparator(), child.stderrLastWords()).strip();
            throw new IOException((failure instanceof CgroupAdmission ? "Cannot put the child into its cgroups: "
                    : "Cannot give the child its user namespace: ") + failure.getMessage()
                    + (said.isEmpty() ? "" : "; it said: " + said), failure);
        }
        finally {
            linux.close(born);
        }
    }

    /**
     * Puts the spawned process and its descendants, all waiting (util-linux's unshare and, when it forked for a PID
     * namespace, the waiting shell), into the child's cgroups; what they start from now on is born there.
     */
    private static void admit(LimitCgroups cgroups, long pid) throws CgroupAdmission {
        try {
            cgroups.admit(pid);
            for (ProcessHandle descendant : ProcessHandle.of(pid).stream().flatMap(ProcessHandle::descendants)
                    .toList()) {
                cgroups.admit(descendant.pid());
            }
        }
        catch (IOException e) {
            throw new CgroupAdmission(e);
        }
    }

    /** The child could not be put into its cgroups. */
    private static final class CgroupAdmission extends IOException {

        private static final long serialVersionUID = 1L;

        CgroupAdmission(IOException cause) {
            super(cause.getMessage(), cause);
        }
    }

    private static void closeQuietly(LimitCgroups cgroups) {
        try {
            cgroups.close();
        }
        catch (IOException e) {
            System.err.println("nsunit: " + e.getMessage());
        }
    }

    private static void spawnAndWait(Linux linux, NamespaceSetup setup, ChildCommand command, int[] childFds,
            LimitCgroups cgroups, CompletableFuture<Long> spawned, CompletableFuture<ReapedChild> exit,
            CompletableFuture<Void> settled, CompletableFuture<Optional<String>> limitsReached,
            BlockingQueue<ChildEvent> events) {
        long pid;
        try {
            // First: a user namespace created after is then a child of the test JVM's, as it always is, and leaves
            // each joined namespace with the owner it had.
            for (NamespaceJoin join : setup.joins()) {
                join.enter(linux);
            }
            List<String> argv;
            if (UnshareCommand.isNeededFor(setup)) {
                if (setup.types().containsAll(Set.of(NamespaceType.PID, NamespaceType.MOUNT)) && MaskedProc.isMasked()) {
                    unmaskProcIfPrivileged(linux);
                }
                argv = UnshareCommand.wrap(UnshareCommand.find().orElseThrow(() -> new IllegalStateException(
                        "util-linux's unshare command is not on the PATH any more; keep it there")), setup,
                        command.argv());
            }
            else if (UnshareCommand.makesCgroupNamespaceAfterRelease(setup)) {
                Set<NamespaceType> now = EnumSet.copyOf(setup.types());
                now.remove(NamespaceType.CGROUP);
                unshareThisThread(linux, now);
                argv = UnshareCommand.waitingForParent(UnshareCommand.cgroupNamespaceLast(UnshareCommand.find()
                        .orElseThrow(() -> new IllegalStateException("util-linux's unshare command, which makes the "
                                + "cgroup namespace of a child with @Limits, is not on the PATH; install util-linux")),
                        command.argv()));
            }
            else {
                unshareThisThread(linux, setup.types());
                argv = UnshareCommand.waitsForParent(setup) ? UnshareCommand.waitingForParent(command.argv())
                        : command.argv();
            }
            pid = linux.spawn(argv, environment(), childFds);
        }
        catch (Throwable failure) {
            if (cgroups != null) {
                closeQuietly(cgroups);
            }
            spawned.completeExceptionally(failure);
            return;
        }
        spawned.complete(pid);
        try {
            ReapedChild reaped = linux.waitForExit(pid);
            WaitStatus status = reaped.status();
            if (cgroups != null) {
                // Read before they go; then whatever the child left in them is killed, and they are removed, before
                // anyone learns that the child has ended.
                limitsReached.complete(cgroups.reached());
                closeQuietly(cgroups);
            }
            limitsReached.complete(Optional.empty());
            // Runs the actions of whenExited on this thread, as nothing else waits on exit; then releases whoever
            // waits for the child, who may count on what they noted.
            exit.complete(reaped);
            settled.complete(null);
            events.add(new ChildEvent.Exited(status));
        }
        catch (ErrnoException e) {
            limitsReached.complete(Optional.empty());
            exit.completeExceptionally(e);
            settled.complete(null);
        }
    }

    /**
     * Lets a child in a user namespace mount its own /proc where a container has masked paths of this one. Only a
     * privileged test JVM may; without privilege nothing changes here, and the child's mount of /proc then fails and
     * says why.
     */
    private static void unmaskProcIfPrivileged(Linux linux) throws ErrnoException {
        try {
            MaskedProc.unmaskForChildrenOfThisThread(linux);
        }
        catch (ErrnoException unprivileged) {
            if (unprivileged.errno() != Errno.EPERM) {
                throw unprivileged;
            }
        }
    }

    /** Moves this (dedicated, never reused) thread's future children into new namespaces, and proves it. */
    private static void unshareThisThread(Linux linux, Set<NamespaceType> types) throws ErrnoException {
        NamespaceInodes before = NamespaceInodes.forChildrenOfCurrentThread(types);
        linux.unshare(NamespaceType.cloneFlags(types));
        NamespaceInodes after = NamespaceInodes.forChildrenOfCurrentThread(types);
        for (NamespaceType type : types) {
            if (after.of(type) == before.of(type)) {
                throw new IllegalStateException("unshare succeeded but the " + type.displayName()
                        + " namespace is unchanged (inode " + after.of(type) + "); not starting a child in it");
            }
        }
    }

    private static void relayMessages(MessageChannel channel, FdInputStream relayIn, BlockingQueue<ChildEvent> events,
            CompletableFuture<Void> ready, CompletableFuture<Message.RunFinished> runFinished) {
        try {
            Message message;
            while ((message = channel.receive()) != null) {
                if (runFinished.isDone()) {
                    // The child closes its end right after RunFinished: nothing of nsunit's can follow it.
                    events.add(new ChildEvent.RelayCorrupt("a message came after the end of the run ("
                            + message.getClass().getSimpleName() + ")"));
                    return;
                }
                // The run's end is recorded before it is queued: whoever learns of it from the queue may shut the
                // child down, and what is noted as the child is reaped (its run's CPU) must find it recorded.
                if (message instanceof Message.RunFinished finished) {
                    runFinished.complete(finished);
                }
                events.add(new ChildEvent.Received(message));
                if (message instanceof Message.Ready) {
                    ready.complete(null);
                }
            }
            events.add(new ChildEvent.RelayClosed());
        }
        catch (MessageChannel.CorruptFrameException corrupt) {
            String what = corrupt.getMessage();
            if (runFinished.isDone()) {
                what = "after the end of the run, " + what;
            }
            events.add(new ChildEvent.RelayCorrupt(what));
        }
        catch (IOException brokenRelay) {
            // reported as the relay closing: the exit status then tells what happened to the child
            events.add(new ChildEvent.RelayClosed());
        }
        finally {
            relayIn.close();
        }
    }

    public long pid() {
        return pid;
    }

    /**
     * The end-of-run marker this child's output pumps look for, to be sent in {@link Message.Prepare}: random per
     * child, and kept off its command line, so no test can print it by accident or read it from /proc.
     */
    public String fence() {
        return fence;
    }

    public void send(Message message) throws IOException {
        channel.send(message);
    }

    /**
     * Sends {@link Message.Prepare} for the setup, once: a child started ahead of a unit the parent knows is sent it
     * when it starts ({@link WarmChildren}), and is then taken only by a unit of this very setup, which finds it
     * prepared. The namespaces the child proves its own new against are those of the calling thread, a thread of this
     * JVM's own namespaces: never a spawner thread, which only waits for its child.
     *
     * @throws IllegalStateException if the child was prepared for another setup
     */
    public synchronized void prepare(NamespaceSetup setup) throws IOException {
        if (prepared != null) {
            if (!prepared.equals(setup)) {
                throw new IllegalStateException("The child (pid " + pid + ") was set up for other namespaces than "
                        + "the test handed to it");
            }
            return;
        }
        prepared = setup;
        channel.send(new Message.Prepare(setup, NamespaceInodes.ofCurrentThread(setup.types()), fence));
    }

    /** The next event, or {@code null} if none arrives within the timeout. */
    public ChildEvent nextEvent(long timeout, TimeUnit unit) throws InterruptedException {
        return events.poll(timeout, unit);
    }

    /** The last lines the child wrote to standard error. */
    public List<String> stderrLastWords() {
        return stderr.lastWords();
    }

    /**
     * The child JVM's crash, if it crashed: told by its banner (on standard output, where HotSpot writes it), with
     * the full report's file renamed after this child's pid where the JVM knew itself by another.
     */
    public Optional<CrashReport> crashReport() {
        return stdout.crashReport().or(stderr::crashReport).map(report -> report.keptFor(pid));
    }

    /**
     * Runs the action once the child has reported {@link Message.Ready} (its namespaces set up, its test about to
     * be run), on the thread that received it, or at once if it already has. Never, if the child dies before.
     */
    public void whenReady(Runnable action) {
        ready.thenRun(action);
    }

    /**
     * Runs the action once the child has reported the end of its first run ({@link Message.RunFinished}), on the
     * thread that received it, or at once if it already has. Never, if the child dies before.
     */
    public void whenRunFinished(Runnable action) {
        runFinished.thenRun(action);
    }

    /**
     * The CPU time the child reported its run took ({@link Message.RunFinished#runCpuNanos}), once it has reported
     * the end of its run and measured it.
     */
    public Optional<Duration> runCpu() {
        Message.RunFinished finished = runFinished.getNow(null);
        return finished == null || finished.runCpuNanos() == Message.RunFinished.UNMEASURED ? Optional.empty()
                : Optional.of(Duration.ofNanos(finished.runCpuNanos()));
    }

    /**
     * Runs the action once the child has exited and been reaped, with what it used, on the thread that reaped it,
     * or at once if it already has. Never, if it could not be reaped.
     */
    public void whenExited(Consumer<ReapedChild> action) {
        exit.thenAccept(action);
    }

    public boolean hasExited() {
        return settled.isDone();
    }

    /**
     * For a child that has exited: which of its resource limits it reached, as the kernel counted, to explain its
     * end ({@link LimitCgroups#reached}); empty if none, or it has no limits.
     */
    public Optional<String> limitsReached() {
        return limitsReached.getNow(Optional.empty());
    }

    /**
     * Ends the child and everything it started. Closing the control pipe first lets the child kill and reap its
     * descendants itself (it is their subreaper); only a child that does not manage within the grace period is
     * killed from here, with its whole process tree.
     */
    public void terminate() throws InterruptedException {
        control.close();
        if (!awaitExit(GRACE_NANOS)) {
            ProcessTree.kill(linux, pid);
            awaitExit(GRACE_NANOS);
        }
    }

    /** Asks a child that has finished its work to exit, and waits for it; kills it if it does not. */
    @Override
    public void close() throws InterruptedException {
        try {
            if (!settled.isDone()) {
                channel.send(new Message.Shutdown());
            }
        }
        catch (IOException alreadyGone) {
            // then the exit status is on its way
        }
        if (!awaitExit(GRACE_NANOS)) {
            // Its exit hangs (a shutdown hook that does not return, say). Having read Shutdown it no longer reads
            // the control pipe, so only a kill from outside ends it.
            ProcessTree.kill(linux, pid);
            awaitExit(GRACE_NANOS);
        }
        control.close();
    }

    private boolean awaitExit(long nanos) throws InterruptedException {
        try {
            settled.get(nanos, TimeUnit.NANOSECONDS);
            return true;
        }
        catch (java.util.concurrent.TimeoutException notYet) {
            return false;
        }
        catch (ExecutionException waitFailed) {
            return true;
        }
    }

    private static Pipe add(List<Pipe> pipes, Pipe pipe) {
        pipes.add(pipe);
        return pipe;
    }

    private static <T> T join(CompletableFuture<T> future) throws IOException {
        try {
            return future.get();
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while starting a child JVM", e);
        }
        catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IOException(cause);
        }
    }

    private static List<String> environment() {
        List<String> environment = new ArrayList<>();
        for (Map.Entry<String, String> variable : System.getenv().entrySet()) {
            environment.add(variable.getKey() + "=" + variable.getValue());
        }
        return environment;
    }

    private static void startDaemon(Runnable task, String name) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        thread.start();
    }
}
