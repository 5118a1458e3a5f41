package dev.nsunit.benchmark;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectUniqueId;

import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;

/**
 * The naive way to isolate a test: a fresh {@code java} running the JUnit Platform Launcher on that one test. Exits
 * with status 0 if exactly one test ran and passed.
 *
 * <p>Arguments: the test's unique id; optionally, how many tests it selects (1 by default), for a class's id: then
 * it exits 0 if that many ran and all passed.
 */
public final class RunOne {

    private RunOne() {
    }

    public static void main(String[] args) {
        System.exit(run(args) ? 0 : 1);
    }

    /** Runs the test (or tests) of the arguments; whether the expected number ran and all passed. */
    static boolean run(String[] args) {
        SummaryGeneratingListener summary = new SummaryGeneratingListener();
        LauncherFactory.create().execute(LauncherDiscoveryRequestBuilder.request()
                .selectors(selectUniqueId(args[0])).build(), summary);
        long tests = args.length > 1 ? Long.parseLong(args[1]) : 1;
        return summary.getSummary().getTestsSucceededCount() == tests
                && summary.getSummary().getTotalFailureCount() == 0;
    }
}
