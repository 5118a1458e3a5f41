package dev.nsunit.internal.child;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectUniqueId;
import static org.junit.platform.launcher.EngineFilter.includeEngines;

import org.junit.platform.engine.UniqueId;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

import dev.nsunit.internal.relay.Message;
import dev.nsunit.internal.relay.MessageChannel;
import dev.nsunit.internal.relay.ThrowableData;

/** Runs one requested test, its whole lifecycle, through the Launcher, relaying every event to the parent. */
final class TestRunner {

    private final MessageChannel channel;
    private Launcher launcher;
    private ThrowableData launcherFailure;

    TestRunner(MessageChannel channel) {
        this.channel = channel;
    }

    void run(Message.RunTest run) {
        try {
            UniqueId uniqueId = UniqueId.parse(run.uniqueId());
            LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                    .selectors(selectUniqueId(uniqueId))
                    .filters(includeEngines(uniqueId.getEngineId().orElseThrow()))
                    .configurationParameters(run.configurationParameters())
                    // one test per run: nothing to parallelize, and a pool would only cost start-up time
                    .configurationParameter("junit.jupiter.execution.parallel.enabled", "false")
                    .build();
            if (launcher == null) {
                launcher = LauncherFactory.create();
            }
            launcher.execute(request, new RelayingListener(channel, run.runId()));
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
