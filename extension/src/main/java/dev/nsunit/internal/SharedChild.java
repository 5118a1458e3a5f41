package dev.nsunit.internal;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;

import dev.nsunit.internal.launch.ChildEvent;
import dev.nsunit.internal.launch.ChildProcess;
import dev.nsunit.internal.linux.NamespaceInodes;
import dev.nsunit.internal.linux.NamespaceSetup;
import dev.nsunit.internal.linux.WaitStatus;
import dev.nsunit.internal.relay.Message;

/**
 * The one child of an {@code @IsolatedPerClass} class, seen from the parent. It is started for the class's first
 * isolated test and executes the class once ({@link Message.RunClass}); each test of the parent asks it to run the
 * same test ({@link Message.Proceed}) and takes its outcome and output. After the class's last test the parent
 * {@linkplain #finish() finishes} it: the child runs {@code @AfterAll}, reports the class and exits.
 *
 * <p>Kept in the class's {@link ExtensionContext.Store}, whose closing ends the child if the class ends some other
 * way. Tests of one class reach it one at a time.
 */
final class SharedChild implements AutoCloseable {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SharedChild.class);
    private static final long RUN_ID = 1;

    private final ExtensionContext classContext;
    private final NamespaceSetup setup;
    private final IsolationConfig config;
    private final ChildProcess child;
    private final ClassLoader loader;
    /** Why the class's run is over before its end, if it is: reported by every test after. */
    private RunOutcome over;
    private boolean runFinished;
    private boolean finished;
    private final ChildOutput output = new ChildOutput();
    /**
     * Output fences: the child marks the end of each requested test's output, and of the class's run, on both
     * streams. The n-th wait (a test, or the class's end) is over once n fences arrived on each.
     */
    private int fencesAwaited;

    private SharedChild(ExtensionContext classContext, NamespaceSetup setup, IsolationConfig config,
            ChildProcess child) {
        this.classContext = classContext;
        this.setup = setup;
        this.config = config;
        this.child = child;
        this.loader = classContext.getRequiredTestClass().getClassLoader();
    }

    /** The child of the test's class, started with the test's setup for the first test that asks. */
    static SharedChild of(ExtensionContext test, NamespaceSetup setup, IsolationConfig config) {
        ExtensionContext classContext = classContextOf(test);
        SharedChild shared = classContext.getStore(NAMESPACE).getOrComputeIfAbsent(SharedChild.class, type -> {
            try {
                ChildProcess child = IsolatedExecution.takeChild(test, setup, config, false);
                child.send(new Message.Prepare(setup, NamespaceInodes.ofCurrentThread(),
                        IsolatedExecution.systemProperties(), child.fence()));
                child.send(new Message.RunClass(RUN_ID, classContext.getUniqueId(),
                        IsolatedExecution.forwardedParameters(test)));
                return new SharedChild(classContext, setup, config, child);
            }
            catch (Exception e) {
                throw new IllegalStateException("Cannot start the child JVM of " + classContext.getDisplayName()
                        + ": " + e, e);
            }
        }, SharedChild.class);
        if (!shared.setup.equals(setup)) {
            throw new ExtensionConfigurationException(test.getDisplayName() + " in @IsolatedPerClass "
                    + classContext.getRequiredTestClass().getName() + " asks for other namespaces or settings than "
                    + "the class's shared child has (" + setup + " instead of " + shared.setup + "); a test that "
                    + "needs its own must be in another class");
        }
        return shared;
    }

    /** The child of a per-class class, if one was started for it. */
    static SharedChild startedFor(ExtensionContext classContext) {
        return classContext.getStore(NAMESPACE).get(SharedChild.class, SharedChild.class);
    }

    private static ExtensionContext classContextOf(ExtensionContext test) {
        ExtensionContext context = test;
        while (context.getTestMethod().isPresent() && context.getParent().isPresent()) {
            context = context.getParent().get();
        }
        return context;
    }

    /** Has the child run the test and returns what happened to it. */
    synchronized RunOutcome run(ExtensionContext test) throws Throwable {
        String uniqueId = test.getUniqueId();
        RunOutcome outcome = new RunOutcome(uniqueId, config.timeout(), loader);
        if (over != null) {
            return over.forLaterTest(uniqueId, className());
        }
        child.send(new Message.Proceed(uniqueId));
        long deadline = System.nanoTime() + config.timeout().toNanos();
        int fences = ++fencesAwaited;
        boolean done = false;
        boolean relayClosed = false;
        WaitStatus exit = null;
        while (!((done || runFinished) && output.fencesReached(fences)) && !(relayClosed && exit != null)) {
            long remaining = deadline - System.nanoTime();
            ChildEvent event = remaining > 0 ? child.nextEvent(remaining, TimeUnit.NANOSECONDS) : null;
            if (event == null) {
                child.terminate();
                outcome.timedOut(child.pid());
                over = outcome;
                return outcome;
            }
            if (event instanceof ChildEvent.Received received) {
                Message message = received.message();
                if (message instanceof Message.ReportEntry entry) {
                    test.publishReportEntry(entry.entries());
                }
                else if (message instanceof Message.NodeFinished node) {
                    outcome.finished(node);
                    done |= node.uniqueId().equals(uniqueId);
                }
                else if (message instanceof Message.NodeSkipped node) {
                    outcome.skipped(node);
                    done |= node.uniqueId().equals(uniqueId);
                }
                else if (message instanceof Message.PrepareFailed failed) {
                    outcome.prepareFailed(failed.failure());
                    over = outcome;
                    return outcome;
                }
                else if (message instanceof Message.RunFinished end) {
                    outcome.runFinished(end);
                    runFinished = true;
                }
            }
            else if (event instanceof ChildEvent.RelayClosed) {
                relayClosed = true;
            }
            else if (event instanceof ChildEvent.Exited exited) {
                exit = exited.status();
            }
            else {
                output.take(event);
            }
        }
        if (!done && !runFinished) {
            outcome.childDied(child.pid(), exit, child);
        }
        if (!done) {
            outcome.notReachedInClass(className());
            // The class's run ended without this test (it failed before, or ran the tests in another order):
            // every test after this one ends the same way.
            over = outcome;
        }
        return outcome;
    }

    /**
     * Ends the class in the child (its {@code @AfterAll} runs there) and the child with it, and throws what failed
     * in the class's own lifecycle since its last test, as the class's failure.
     */
    synchronized void finish() throws Throwable {
        if (finished) {
            return;
        }
        finished = true;
        RunOutcome classOutcome = new RunOutcome(classContext.getUniqueId(), config.timeout(), loader);
        try {
            if (over == null) {
                child.send(new Message.Shutdown());
                awaitClassEnd(classOutcome);
            }
        }
        finally {
            child.close();
            output.drain(child, message -> { });
        }
        classOutcome.replayContainer();
    }

    private void awaitClassEnd(RunOutcome classOutcome) throws InterruptedException {
        long deadline = System.nanoTime() + config.timeout().toNanos();
        int fences = ++fencesAwaited;
        boolean relayClosed = false;
        WaitStatus exit = null;
        while (!(runFinished && output.fencesReached(fences)) && !(relayClosed && exit != null)) {
            long remaining = deadline - System.nanoTime();
            ChildEvent event = remaining > 0 ? child.nextEvent(remaining, TimeUnit.NANOSECONDS) : null;
            if (event == null) {
                child.terminate();
                classOutcome.timedOut(child.pid());
                return;
            }
            if (event instanceof ChildEvent.Received received) {
                Message message = received.message();
                if (message instanceof Message.NodeFinished node
                        && node.uniqueId().equals(classContext.getUniqueId())) {
                    classOutcome.finished(node);
                }
                else if (message instanceof Message.RunFinished end) {
                    classOutcome.runFinished(end);
                    runFinished = true;
                }
                else if (message instanceof Message.ReportEntry entry) {
                    classContext.publishReportEntry(entry.entries());
                }
            }
            else if (event instanceof ChildEvent.RelayClosed) {
                relayClosed = true;
            }
            else if (event instanceof ChildEvent.Exited exited) {
                exit = exited.status();
            }
            else {
                output.take(event);
            }
        }
        if (!runFinished) {
            classOutcome.childDied(child.pid(), exit, child);
        }
    }

    private String className() {
        return classContext.getRequiredTestClass().getName();
    }

    /** Ends the child if the class ended without {@link #finish()}. */
    @Override
    public void close() throws InterruptedException {
        synchronized (this) {
            if (finished) {
                return;
            }
            finished = true;
        }
        child.terminate();
    }
}
