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
    private final boolean userConfiguration;
    private Launcher launcher;
    private ThrowableData launcherFailure;

    /**
     * A runner for the user's tests: the default launcher, with the listeners it finds, and the configuration
     * parameters of {@code junit-platform.properties} and the system properties.
     */
    TestRunner(MessageChannel channel) {
        this(channel, LauncherFactory::create, true);
    }

    /**
     * @param userConfiguration whether {@code junit-platform.properties} and the system properties configure the
     *                          run, or only the parameters each request carries
     */
    TestRunner(MessageChannel channel, Supplier<Launcher> launcherFactory, boolean userConfiguration) {
        this.channel = channel;
        this.launcherFactory = launcherFactory;
        this.userConfiguration = userConfiguration;
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
                    .enableImplicitConfigurationParameters(userConfiguration)
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
