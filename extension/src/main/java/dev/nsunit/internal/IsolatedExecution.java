package dev.nsunit.internal;

import java.io.IOException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.extension.ExtensionContext;

import dev.nsunit.internal.child.ChildMain;
import dev.nsunit.internal.launch.ChildCommand;
import dev.nsunit.internal.launch.ClassDataArchives;
import dev.nsunit.internal.launch.WarmChildren;
import dev.nsunit.internal.launch.ChildEvent;
import dev.nsunit.internal.launch.ChildProcess;
import dev.nsunit.internal.linux.Linux;
import dev.nsunit.internal.linux.NamespaceInodes;
import dev.nsunit.internal.linux.NamespaceSetup;
import dev.nsunit.internal.linux.WaitStatus;
import dev.nsunit.internal.relay.Message;

/**
 * Runs one test in a fresh child and brings everything back to the parent's test thread: output as it is written
 * (so Surefire and IDEs attribute it to the test), report entries, and finally the outcome, via
 * {@link RunOutcome}.
 */
final class IsolatedExecution {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(
            IsolatedExecution.class);
    private static final long RUN_ID = 1;

    /**
     * JVM-wide settings a user may have passed to the launcher programmatically (Surefire's
     * {@code configurationParameters}, the EngineTestKit), which the child cannot read from a file.
     */
    private static final List<String> FORWARDED_PARAMETERS = List.of(
            "junit.jupiter.extensions.autodetection.enabled",
            "junit.jupiter.extensions.autodetection.include",
            "junit.jupiter.extensions.autodetection.exclude",
            "junit.jupiter.extensions.deactivate",
            "junit.jupiter.conditions.deactivate",
            "junit.jupiter.testinstance.lifecycle.default",
            "junit.jupiter.displayname.generator.default",
            "junit.jupiter.testmethod.order.default",
            "junit.jupiter.testclass.order.default",
            // Without it, a random order is seeded anew in every JVM: a per-class child would run the tests in
            // another order than the parent asks for them.
            "junit.jupiter.execution.order.random.seed",
            "junit.jupiter.execution.timeout.default",
            "junit.jupiter.execution.timeout.mode",
            "junit.jupiter.execution.timeout.testable.method.default",
            "junit.jupiter.execution.timeout.test.method.default",
            "junit.jupiter.execution.timeout.testtemplate.method.default",
            "junit.jupiter.execution.timeout.lifecycle.method.default",
            "junit.jupiter.execution.timeout.beforeall.method.default",
            "junit.jupiter.execution.timeout.beforeeach.method.default",
            "junit.jupiter.execution.timeout.aftereach.method.default",
            "junit.jupiter.execution.timeout.afterall.method.default",
            "junit.jupiter.execution.timeout.thread.mode.default",
            "junit.jupiter.tempdir.cleanup.mode.default",
            "junit.jupiter.tempdir.scope",
            "junit.jupiter.tempdir.factory.default",
            "junit.jupiter.params.displayname.default",
            "junit.jupiter.params.argumentCountValidation",
            "junit.platform.stacktrace.pruning.enabled");

    private final ExtensionContext context;
    private final NamespaceSetup setup;
    private final IsolationConfig config;
    private final ChildOutput output = new ChildOutput();

    IsolatedExecution(ExtensionContext context, NamespaceSetup setup, IsolationConfig config) {
        this.context = context;
        this.setup = setup;
        this.config = config;
    }

    RunOutcome run() throws Throwable {
        String uniqueId = context.getUniqueId();
        RunOutcome outcome = new RunOutcome(uniqueId, config.timeout(), context.getRequiredTestClass()
                .getClassLoader());
        long deadline = System.nanoTime() + config.timeout().toNanos();
        ChildProcess child = takeChild(context, setup, config, true);
        try {
            try {
                child.send(new Message.Prepare(setup, NamespaceInodes.ofCurrentThread(), systemProperties(),
                        child.fence()));
                child.send(new Message.RunTest(RUN_ID, uniqueId, forwardedParameters()));
            }
            catch (IOException childGone) {
                // It died before reading (a JVM that could not start, say): its exit and stderr say why, below.
            }
            boolean done = relayUntilDone(child, outcome, deadline);
            if (!done) {
                child.terminate();
                outcome.timedOut(child.pid());
            }
        }
        finally {
            child.close();
            output.drain(child, message -> handle(message, outcome));
        }
        return outcome;
    }

    /**
     * Tells whoever watches the test's output why it does not go on, and what to do: the child is suspended until
     * a debugger attaches.
     */
    private static void announceDebugging(ExtensionContext context, String address, long pid) {
        String attachTo = !address.contains(":") ? "localhost:" + address
                : address.startsWith("*:") ? "localhost" + address.substring(1) : address;
        System.err.println("[nsunit] " + IsolationConfig.CHILD_DEBUG + " = " + address + ": the child JVM (pid " + pid
                + ") for " + context.getRequiredTestClass().getName() + " " + context.getDisplayName()
                + " waits for a debugger at " + attachTo + ". Attach one to run the test: in IntelliJ IDEA with a "
                + "\"Remote JVM Debug\" configuration, in Eclipse with a \"Remote Java Application\" debug "
                + "configuration, or with jdb -attach " + attachTo + ". " + IsolationConfig.TIMEOUT
                + " does not apply while debugging.");
    }

    /**
     * A child for the context's test (or class): born in new namespaces of the setup's types, never used before,
     * started from the run's class-data archive and taken from its children started ahead where configured.
     *
     * @param moreAlike whether tests like this one are likely to follow, so that children for them are worth
     *                  starting ahead: true for a test's own child, false for a class's shared child (the next
     *                  class starts its own, and children started for it would only compete for the cores)
     */
    static ChildProcess takeChild(ExtensionContext context, NamespaceSetup setup, IsolationConfig config,
            boolean moreAlike) throws IOException {
        ChildStartConfig start = ChildStartConfig.from(context);
        ExtensionContext.Store run = context.getRoot().getStore(NAMESPACE);
        ChildCommand command = ChildCommand.forThisJvm(config.childJvmArgs(),
                context.getRequiredTestClass().getClassLoader());
        if (start.archive()) {
            // One per run and cache directory: closed with the run, awaiting an archive still being made.
            command = run.getOrComputeIfAbsent(List.of(ClassDataArchives.class, start.cacheDir()),
                    key -> ClassDataArchives.forThisJvm(start.cacheDir()), ClassDataArchives.class).apply(command);
        }
        if (config.childDebug().isPresent()) {
            // A debugged child waits for its debugger from birth, so none is started ahead of its test.
            String address = config.childDebug().get();
            ChildProcess child = ChildProcess.start(Linux.get(), setup, command.waitingForDebuggerAt(address));
            announceDebugging(context, address, child.pid());
            return child;
        }
        // One pool per run: closed with the run, ending the children still waiting.
        return run.getOrComputeIfAbsent(List.of(WarmChildren.class, start.warm()),
                key -> new WarmChildren(Linux.get(), start.warm()), WarmChildren.class).take(setup, command, moreAlike);
    }

    /** Handles the child's events until the run is over (true), or the deadline passes (false). */
    private boolean relayUntilDone(ChildProcess child, RunOutcome outcome, long deadline) throws InterruptedException {
        boolean finished = false;
        boolean relayClosed = false;
        WaitStatus exit = null;
        while (!(finished && output.fencesReached(1)) && !(relayClosed && exit != null)) {
            long remaining = deadline - System.nanoTime();
            ChildEvent event = remaining > 0 ? child.nextEvent(remaining, TimeUnit.NANOSECONDS) : null;
            if (event == null) {
                return false;
            }
            if (event instanceof ChildEvent.Received received) {
                finished |= handle(received.message(), outcome);
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
        if (!finished) {
            // Its last words may still be in the pipes; they are what explains the death.
            output.drain(child, message -> handle(message, outcome));
            outcome.childDied(child.pid(), exit, child);
        }
        return true;
    }

    /** Returns whether the message ends the run. */
    private boolean handle(Message message, RunOutcome outcome) {
        if (message instanceof Message.ReportEntry entry) {
            context.publishReportEntry(entry.entries());
        }
        else if (message instanceof Message.NodeFinished finished) {
            outcome.finished(finished);
        }
        else if (message instanceof Message.NodeSkipped skipped) {
            outcome.skipped(skipped);
        }
        else if (message instanceof Message.PrepareFailed failed) {
            outcome.prepareFailed(failed.failure());
            return true;
        }
        else if (message instanceof Message.RunFinished finished) {
            outcome.runFinished(finished);
            return true;
        }
        return false;
    }

    private Map<String, String> forwardedParameters() {
        return forwardedParameters(context);
    }

    /** The launcher's configuration parameters that change how a test runs, for the child's launcher. */
    static Map<String, String> forwardedParameters(ExtensionContext context) {
        Map<String, String> parameters = new HashMap<>();
        for (String key : FORWARDED_PARAMETERS) {
            context.getConfigurationParameter(key).ifPresent(value -> parameters.put(key, value));
        }
        return parameters;
    }

    /**
     * The properties set in this JVM that a test may read, such as Surefire's {@code systemPropertyVariables}
     * (set at run time, so not on the command line). The JVM's and platform's own are left out: the child has
     * its own, right for it.
     */
    static Map<String, String> systemProperties() {
        Map<String, String> passed = new LinkedHashMap<>();
        Properties properties = System.getProperties();
        for (String key : properties.stringPropertyNames()) {
            if (!isPlatformProperty(key)) {
                passed.put(key, properties.getProperty(key));
            }
        }
        return passed;
    }

    private static boolean isPlatformProperty(String key) {
        return key.startsWith("java.") || key.startsWith("jdk.") || key.startsWith("sun.") || key.startsWith("os.")
                || key.startsWith("user.") || key.startsWith("file.") || key.equals("line.separator")
                || key.equals("path.separator") || key.equals("native.encoding") || key.endsWith(".encoding")
                || key.equals(ChildMain.CHILD_PROPERTY);
    }
}
