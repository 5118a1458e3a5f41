package dev.nsunit.internal.child;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectUniqueId;
import static org.junit.platform.launcher.EngineFilter.includeEngines;

import java.util.Map;

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
    private Launcher launcher;
    private ThrowableData launcherFailure;

    TestRunner(MessageChannel channel) {
        this.channel = channel;
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
                launcher = LauncherFactory.create();
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
