package dev.nsunit.benchmark;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.Map;

import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * Runs a fixture class through the JUnit Platform Launcher in this JVM, as a build tool or IDE would, and times
 * it from creating the launcher to the end of execution. Isolated tests then start their children from here, so
 * the run's CPU time is this JVM's and its children's (parent + children), read once every child is reaped.
 */
final class LauncherCase implements Case {

    private final CaseInfo info;
    private final Class<?> fixture;
    private final Map<String, String> configuration;
    private long firstTestNanos;

    LauncherCase(CaseInfo info, Class<?> fixture) {
        this(info, fixture, Map.of());
    }

    /** @param configuration configuration parameters for the launcher, as a build tool would pass them */
    LauncherCase(CaseInfo info, Class<?> fixture, Map<String, String> configuration) {
        this.info = info;
        this.fixture = fixture;
        this.configuration = Map.copyOf(configuration);
    }

    @Override
    public CaseInfo info() {
        return info;
    }

    @Override
    public Timing run() throws Exception {
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClass(fixture))
                .configurationParameters(configuration)
                .build();
        Tally tally = new Tally();
        long own = CpuTime.ofThisJvm();
        long children = CpuTime.ofReapedChildren();
        long start = System.nanoTime();
        LauncherFactory.create().execute(request, tally);
        long nanos = System.nanoTime() - start;
        CpuTime.awaitChildrenReaped(info.name());
        own = CpuTime.ofThisJvm() - own;
        children = CpuTime.ofReapedChildren() - children;
        tally.check(fixture.getSimpleName(), info.perRun());
        firstTestNanos = tally.firstFinishedNanos() - start;
        return new Timing(nanos, own + children, children);
    }

    /** In the last run, the time from creating the launcher to the end of the first test. */
    long firstTestNanos() {
        return firstTestNanos;
    }
}
