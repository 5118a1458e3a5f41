package dev.nsunit.internal.child;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectUniqueId;
import static org.junit.platform.launcher.EngineFilter.includeEngines;

import java.util.Map;
import java.util.function.Supplier;

import org.junit.platform.engine.UniqueId;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

import dev.nsunit.internal.relay.Message;
import dev.nsunit.internal.relay.MessageChannel;
import dev.nsunit.internal.relay.ThrowableData;

/**
 * Runs one requested test, or a class test by test, its whole lifecycle, through the Launcher, relaying every
 * event to the parent.
 */
final class TestRunner {

    private final MessageChannel channel;
    private final Supplier<Launcher> launcherFactory;
    private Launcher launcher;
    private ThrowableData launcherFailure;

    /** A runner whose launcher is the default one, configured as the user configured JUnit. */
    TestRunner(MessageChannel channel) {
        this(channel, LauncherFactory::create);
    }

    TestRunner(MessageChannel channel, Supplier<Launcher> launcherFactory) {
        this.channel = channel;
        this.launcherFactory = launcherFactory;
    }

    void run(Message.RunTest run) {
        execute(run.uniqueId(), run.configurationParameters(), new RelayingListener(channel, run.runId(), null));
    }

    /** Runs a whole class, each of its tests when the gate lets it. */
    void runClass(Message.RunClass run, ClassGate gate) {
        gate.open();
        try {
            execute(run.uniqueId(), run.configurationParameters(), new RelayingListener(channel, run.runId(), gate));
        }
        finally {
            gate.close();
        }
    }

    private void execute(String id, Map<String, String> configurationParameters, RelayingListener listener) {
        try {
            UniqueId uniqueId = UniqueId.parse(id);
            LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                    .selectors(selectUniqueId(uniqueId))
                    .filters(includeEngines(uniqueId.getEngineId().orElseThrow()))
                    .configurationParameters(configurationParameters)
                    // one test at a time, as the parent asks: nothing to parallelize, and a pool costs start-up time
                    .configurationParameter("junit.jupiter.execution.parallel.enabled", "false")
                    .build();
            if (launcher == null) {
                launcher = launcherFactory.get();
            }
            launcher.execute(request, listener);
        }
        catch (Throwable broken) {
            launcherFailure = ThrowableData.of(broken);
        }
    }

    ThrowableData takeLauncherFailure() {
        ThrowableData failure = launcherFailure;
        launcherFailure = null;
        return failure;
    }
}
