package dev.nsunit.internal.child;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectUniqueId;
import static org.junit.platform.launcher.EngineFilter.includeEngines;

import java.util.Map;
import java.util.ServiceLoader;

import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.LauncherInterceptor;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestPlan;
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

    private final LauncherConfig config;
    private final Throwable launcherFailure;
    private final boolean userConfiguration;
    /** Whether the user's launcher session listeners or interceptors are registered (see {@link #discover}). */
    private final boolean sessionCode;
    /** The run discovered ahead ({@link #discover}), its session, and what its discovery gave: a plan or a failure. */
    private Message.Run discovered;
    private LauncherSession session;
    private TestPlan plan;
    private Throwable discoveryFailure;

    /**
     * A runner for the user's tests: a launcher with the session and discovery listeners and post-discovery filters
     * it finds, reading {@code junit-platform.properties} and the system properties. Test execution listeners are
     * left to the parent, which reports every event of the child to them: here they would see each test twice.
     */
    TestRunner() {
        this(LauncherConfig.builder().enableTestExecutionListenerAutoRegistration(false).build(), true);
    }

    /**
     * Makes a launcher at once, so that a child loads and initialises JUnit's launcher and reads
     * {@code junit-platform.properties} while it waits for its test rather than after (the system properties are read
     * when asked, so a test's, set later, still count); each run then opens a session of its own, as that launcher
     * would for each request. That runs none of the user's code: the engines, listeners and filters are made inside
     * the session. What breaks here is reported with the run, as if it had broken then.
     *
     * @param userConfiguration whether {@code junit-platform.properties} and the system properties configure the
     *                          run, or only the parameters each request carries
     */
    TestRunner(LauncherConfig config, boolean userConfiguration) {
        Throwable failure = null;
        try {
            LauncherFactory.create(config);
        }
        catch (Throwable broken) {
            failure = broken;
        }
        this.config = config;
        this.launcherFailure = failure;
        this.userConfiguration = userConfiguration;
        this.sessionCode = registersSessionCode();
    }

    /**
     * Discovers the run ahead of its {@link #run}, while the test before it runs in another child: on a trivial test
     * that is most of the launcher's work (on JDK 17 about 100 of a child's 145 ms of CPU, on JDK 25 about 47 of
     * 63). It opens the session that the run then executes in, as a launcher session of the user's would be opened
     * for a test in place; where the class path registers launcher session listeners or interceptors, whose code that
     * would run while the child before still runs its test, nothing is discovered ahead.
     */
    void discover(Message.Run run) {
        if (launcherFailure != null || sessionCode) {
            return;
        }
        setSystemProperties(run.systemProperties());
        discovered = run;
        try {
            session = openSession();
            plan = session.getLauncher().discover(request(run));
        }
        catch (Throwable broken) {
            discoveryFailure = broken;
        }
    }

    private static boolean registersSessionCode() {
        // hasNext loads a provider's class, without making one: no code of the user's runs here
        return ServiceLoader.load(LauncherSessionListener.class).iterator().hasNext()
                || ServiceLoader.load(LauncherInterceptor.class).iterator().hasNext();
    }

    /**
     * Runs the request, executing what {@link #discover} found if it was discovered for this very run; returns what
     * broke the launcher itself, if anything did.
     */
    ThrowableData run(Message.Run run, TestExecutionListener listener) {
        if (launcherFailure != null) {
            return ThrowableData.of(launcherFailure);
        }
        boolean ahead = discovered != null && sameRun(run, discovered);
        try {
            if (!ahead) {
                forgetDiscovered(run);
                setSystemProperties(run.systemProperties());
            }
            if (ahead && discoveryFailure != null) {
                throw discoveryFailure;
            }
            if (!ahead) {
                session = openSession();
            }
            Launcher executing = session.getLauncher();
            Object what = ahead ? plan : request(run);
            if (run.cancellable()) {
                RunCancellation.execute(executing, what, listener);
            }
            else if (ahead) {
                executing.execute(plan, listener);
            }
            else {
                executing.execute((LauncherDiscoveryRequest) what, listener);
            }
            return null;
        }
        catch (Throwable broken) {
            return ThrowableData.of(broken);
        }
        finally {
            closeSession();
        }
    }

    /**
     * A session of the user's launcher: opened without JUnit 6's Flight Recorder listeners
     * ({@link SessionWithoutFlightRecorder}) where no session listener or interceptor of the user's runs as it opens,
     * else as {@link LauncherFactory} opens one.
     */
    private LauncherSession openSession() {
        return sessionCode ? LauncherFactory.openSession(config) : SessionWithoutFlightRecorder.open(config);
    }

    private void closeSession() {
        if (session != null) {
            session.close();
            session = null;
        }
    }

    /**
     * Whether the two runs ask for the same, field by field: not a record's {@code equals}, which the JVM builds from
     * method handles at its first call (some 30 classes generated in every child, since no class-data archive holds
     * them), on the path from a test's handing over to its run.
     */
    private static boolean sameRun(Message.Run one, Message.Run other) {
        return one.uniqueIds().equals(other.uniqueIds())
                && one.configurationParameters().equals(other.configurationParameters())
                && one.systemProperties().equals(other.systemProperties()) && one.cancellable() == other.cancellable();
    }

    /**
     * Drops what was discovered for another run than this one: its session, and the system properties it set that
     * this run does not, which are not the test JVM's any more.
     */
    private void forgetDiscovered(Message.Run run) {
        if (discovered == null) {
            return;
        }
        for (String key : discovered.systemProperties().keySet()) {
            if (!run.systemProperties().containsKey(key)) {
                System.clearProperty(key);
            }
        }
        // before this run opens its own: the two would otherwise be open at once
        closeSession();
    }

    private static void setSystemProperties(Map<String, String> properties) {
        for (Map.Entry<String, String> property : properties.entrySet()) {
            System.setProperty(property.getKey(), property.getValue());
        }
    }

    private LauncherDiscoveryRequest request(Message.Run run) {
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
        return request.build();
    }
}
