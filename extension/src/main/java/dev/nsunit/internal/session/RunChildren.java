package dev.nsunit.internal.session;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import org.junit.platform.engine.ExecutionRequest;
import org.junit.platform.engine.support.store.Namespace;
import org.junit.platform.engine.support.store.NamespacedHierarchicalStore;

import dev.nsunit.internal.launch.CacheDirectory;
import dev.nsunit.internal.launch.ChildCommand;
import dev.nsunit.internal.launch.ChildProcess;
import dev.nsunit.internal.launch.ChildWeight;
import dev.nsunit.internal.launch.ClassDataArchives;
import dev.nsunit.internal.launch.JffiStubCache;
import dev.nsunit.internal.launch.JupiterApiStubs;
import dev.nsunit.internal.launch.LongRunningUnits;
import dev.nsunit.internal.launch.UpcomingUnit;
import dev.nsunit.internal.launch.WarmChildren;
import dev.nsunit.internal.linux.Linux;
import dev.nsunit.internal.linux.NamespaceSetup;
import dev.nsunit.internal.setup.ChildStartConfig;
import dev.nsunit.internal.setup.IsolationConfig;

/**
 * Where the engine's runs get their children: started from the class-data archive, taken from the children
 * started ahead where configured, started for a unit alone where its child ran long in a run before
 * ({@link LongRunningUnits}), or waiting for a debugger. Serves every run of a launcher session
 * ({@link #ofSession}), and is closed with the session, which ends the children still waiting and awaits an archive
 * still being made.
 */
public final class RunChildren implements AutoCloseable {

    private final IsolationConfig config;
    private final ChildStartConfig start;
    private WarmChildren warm;
    private final ConcurrentMap<ClassLoader, ChildCommand> commands = new ConcurrentHashMap<>();
    /** Per class loader, as the commands: the tests of one loader are one project's, alike in weight. */
    private final ConcurrentMap<ClassLoader, ChildWeight> weights = new ConcurrentHashMap<>();
    /** Per class loader, as the commands: each list is kept for the children's command. */
    private final ConcurrentMap<ClassLoader, LongRunningUnits> longRunning = new ConcurrentHashMap<>();
    private ClassDataArchives archives;
    private int runs;

    public RunChildren(IsolationConfig config, ChildStartConfig start) {
        this.config = config;
        this.start = start;
    }

    /**
     * The children of the launcher session the run belongs to, with this configuration: kept in the session's store,
     * which closes them when the session closes, so that one session's runs share children started ahead, the
     * archive and what the runs learn. Surefire runs each test class as a run of its own, all in one session; where
     * each run had children of its own, every class waited for a child started cold, and for the archive its first
     * class had set going. Empty where the Platform has no session store (before JUnit 5.13): the run then owns its
     * children.
     */
    public static Optional<RunChildren> ofSession(ExecutionRequest request, IsolationConfig config,
            ChildStartConfig start) {
        try {
            return SessionStore.children(request, config, start);
        }
        catch (LinkageError beforeJUnit513) {
            return Optional.empty();
        }
    }

    /** Apart, so that RunChildren loads where the session store's types (JUnit 5.13's) are missing. */
    private static final class SessionStore {

        private static final Namespace NAMESPACE = Namespace.create(RunChildren.class.getName());

        static Optional<RunChildren> children(ExecutionRequest request, IsolationConfig config,
                ChildStartConfig start) {
            Optional<NamespacedHierarchicalStore<Namespace>> session = request.getStore().getParent();
            return session.map(store -> store.getOrComputeIfAbsent(NAMESPACE, List.of(config, start),
                    key -> new RunChildren(config, start), RunChildren.class));
        }
    }

    /** Notes that one more run takes its children from here. */
    public synchronized void runStarting() {
        runs++;
    }

    private synchronized boolean servedAnEarlierRun() {
        return runs > 1;
    }

    public IsolationConfig config() {
        return config;
    }

    /**
     * A child for a unit of work: born in new namespaces of the setup's types and never used before. Where the run is
     * making its children's class-data archive, once the archive is made.
     *
     * @param loader        the class loader of the tests, whose class path the child gets
     * @param unit          the unit of work, by a name that is the same from run to run
     * @param upcoming      the units that come next, in order: children for the first {@code nsunit.child.warm} of
     *                      them are started ahead
     * @param debugLabel    what the child runs, for the line that says where a debugger should attach
     */
    ChildProcess take(NamespaceSetup setup, ClassLoader loader, String unit, List<UpcomingUnit> upcoming,
            String debugLabel) throws IOException, InterruptedException {
        ChildCommand command = commandOnceArchived(loader);
        if (config.childDebug().isPresent()) {
            // A debugged child waits for its debugger from birth, so none is started ahead of its work.
            String address = config.childDebug().get();
            ChildProcess child = ChildProcess.start(Linux.get(), setup, command.waitingForDebuggerAt(address));
            announceDebugging(debugLabel, address, child.pid());
            return child;
        }
        LongRunningUnits longRuns = longRunning.computeIfAbsent(loader, each -> LongRunningUnits.in(cacheDir(),
                commands.get(each), System.err::println));
        if (longRuns.ranLong(unit)) {
            // Started for the unit alone, not taken from the children started ahead, which start for short runs:
            // what one more start costs is little beside tens of seconds that tiered compilation halves.
            ChildProcess child = ChildProcess.start(Linux.get(), setup, command.forLongRuns());
            longRuns.watch(unit, child, true);
            return child;
        }
        // The run's last unit: where the session has had runs before this one (Surefire's, a class each), the next is
        // likely to start with a unit like this, so a child of its kind is started for it (what that unit will run,
        // only that run's plan knows). The session's end ends it if no run takes it.
        List<UpcomingUnit> next = upcoming.isEmpty() && servedAnEarlierRun() ? List.of(new UpcomingUnit(setup, null))
                : upcoming;
        ChildProcess child = warm().take(setup, command, next, weights.computeIfAbsent(loader,
                each -> new ChildWeight(() -> start.archive() && archives().archiveComing(commands.get(each)))));
        longRuns.watch(unit, child, false);
        return child;
    }

    /**
     * Works out how children of tests loaded by this class loader are started (their class path, their class-data
     * archive, jffi's native library from the cache), so that whatever that has to say is said now, not in the
     * middle of a test's output, and a training run for their archive starts now, not when the first test wants a
     * child.
     */
    public void prepare(ClassLoader loader) {
        ChildCommand command = baseCommand(loader);
        if (start.archive()) {
            archives().apply(command);
        }
    }

    /** Made when the first child is wanted: Linux is needed from then on, and not before. */
    private synchronized WarmChildren warm() {
        if (warm == null) {
            warm = new WarmChildren(Linux.get(), start.warm(),
                    WarmChildren.warmsUp(Runtime.getRuntime().availableProcessors()));
        }
        return warm;
    }

    /**
     * The command for the next child of tests loaded by this class loader: asked of the archives for every child,
     * not once per run, so that the children after the archive a run's first test set going start from it; where the
     * run is making that archive, once it is made ({@link ClassDataArchives#applyOnceMade}).
     */
    private ChildCommand commandOnceArchived(ClassLoader loader) throws InterruptedException {
        ChildCommand command = baseCommand(loader);
        return start.archive() ? archives().applyOnceMade(command) : command;
    }

    /** The command for children of tests loaded by this class loader, before any archive. */
    private ChildCommand baseCommand(ClassLoader loader) {
        return commands.computeIfAbsent(loader, each -> {
            ChildCommand forLoader = ChildCommand.forThisJvm(childJvmArgs(), each);
            return JupiterApiStubs.classPathEntry(each, cacheDir(), System.err::println)
                    .map(forLoader::withClassPathEntry).orElse(forLoader);
        });
    }

    /**
     * The user's {@code nsunit.child.jvmArgs}, after the option that has children load jffi's native library from
     * the cache instead of each extracting it, where the library can be kept there.
     */
    private List<String> childJvmArgs() {
        List<String> jvmArgs = new ArrayList<>(cacheDir().map(JffiStubCache::childOptions).orElse(List.of()));
        jvmArgs.addAll(config.childJvmArgs());
        return jvmArgs;
    }

    /** Where the children's cached files go: {@code nsunit.cache.dir}, or else the first this user may write. */
    private Optional<Path> cacheDir() {
        return start.cacheDir().or(CacheDirectory::forThisUser);
    }

    private synchronized ClassDataArchives archives() {
        if (archives == null) {
            archives = ClassDataArchives.forThisJvm(start.cacheDir());
        }
        return archives;
    }

    /**
     * Tells whoever watches the output why the run does not go on, and what to do: the child is suspended until a
     * debugger attaches.
     */
    private static void announceDebugging(String label, String address, long pid) {
        String attachTo = !address.contains(":") ? "localhost:" + address
                : address.startsWith("*:") ? "localhost" + address.substring(1) : address;
        System.err.println("[nsunit] " + IsolationConfig.CHILD_DEBUG + " = " + address + ": the child JVM (pid " + pid
                + ") for " + label + " waits for a debugger at " + attachTo + ". Attach one to run the test: in "
                + "IntelliJ IDEA with a \"Remote JVM Debug\" configuration, in Eclipse with a \"Remote Java "
                + "Application\" debug configuration, or with jdb -attach " + attachTo + ". "
                + IsolationConfig.TIMEOUT + " does not apply while debugging.");
    }

    @Override
    public void close() throws InterruptedException {
        WarmChildren started;
        ClassDataArchives made;
        synchronized (this) {
            started = warm;
            made = archives;
        }
        try {
            if (started != null) {
                started.close();
            }
        }
        finally {
            // After the children: the last of them have been reaped, and their times noted.
            longRunning.values().forEach(LongRunningUnits::save);
            if (made != null) {
                made.close();
            }
        }
    }
}
