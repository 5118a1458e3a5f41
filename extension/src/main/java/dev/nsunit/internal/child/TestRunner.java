package dev.nsunit.internal.child;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectUniqueId;
import static org.junit.platform.launcher.EngineFilter.includeEngines;

import java.util.function.Supplier;

import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

import dev.nsunit.internal.relay.Message;
import dev.nsunit.internal.relay.ThrowableData;

/** Runs what the parent asks for, its whole lifecycle, through Jupiter in the Launcher, reporting every event. */
final class TestRunner {

    /** JUnit's own output capture: in the child it would capture what the parent captures again. */
    private static final String[] CAPTURE_PARAMETERS = {
        "junit.platform.output.capture.stdout", "junit.platform.output.capture.stderr" };

    private final Launcher launcher;
    private final Throwable launcherFailure;
    private final boolean userConfiguration;

    /**
     * A runner for the user's tests: a launcher with the session and discovery listeners and post-discovery filters
     * it finds, reading {@code junit-platform.properties} and the system properties. Test execution listeners are
     * left to the parent, which reports every event of the child to them: here they would see each test twice.
     */
    TestRunner() {
        this(TestRunner::userLauncher, true);
    }

    /**
     * Makes the launcher at once, so that a child makes it while it waits for its test rather than after. That runs
     * none of the user's code: the launcher loads the engines, listeners and filters it finds for each request,
     * inside the request's session. It loads and initialises JUnit's launcher and reads
     * {@code junit-platform.properties} (the system properties it reads when asked, so a test's, set later, still
     * count). What breaks here is reported with the run, as if it had broken then.
     *
     * @param userConfiguration whether {@code junit-platform.properties} and the system properties configure the
     *                          run, or only the parameters each request carries
     */
    TestRunner(Supplier<Launcher> launcherFactory, boolean userConfiguration) {
        Launcher made = null;
        Throwable failure = null;
        try {
            made = launcherFactory.get();
        }
        catch (Throwable broken) {
            failure = broken;
        }
        this.launcher = made;
        this.launcherFailure = failure;
        this.userConfiguration = userConfiguration;
    }

    private static Launcher userLauncher() {
        return LauncherFactory.create(LauncherConfig.builder()
                .enableTestExecutionListenerAutoRegistration(false)
                .build());
    }

    /** Runs the request; returns what broke the launcher itself, if anything did. */
    ThrowableData run(Message.Run run, TestExecutionListener listener) {
        if (launcherFailure != null) {
            return ThrowableData.of(launcherFailure);
        }
        try {
            LauncherDiscoveryRequestBuilder request = LauncherDiscoveryRequestBuilder.request()
                    .filters(includeEngines("junit-jupiter"))
                    .enableImplicitConfigurationParameters(userConfiguration)
                    .configurationParameters(run.configurationParameters())
                    // what the parent asks for, in order: a pool would only cost start-up time
                    .configurationParameter("junit.jupiter.execution.parallel.enabled", "false");
            for (String parameter : CAPTURE_PARAMETERS) {
                request.configurationParameter(parameter, "false");
            }
            for (String uniqueId : run.uniqueIds()) {
                request.selectors(selectUniqueId(uniqueId));
            }
            LauncherDiscoveryRequest built = request.build();
            if (run.cancellable()) {
                RunCancellation.execute(launcher, built, listener);
            }
            else {
                launcher.execute(built, listener);
            }
            return null;
        }
        catch (Throwable broken) {
            return ThrowableData.of(broken);
        }
    }
}
