package dev.nsunit.support;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.HashMap;
import java.util.Map;

import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * Runs a fixture class in a JVM of its own, for specifications that need a parent JVM in another situation
 * (without privileges, in another mount namespace, killed halfway). Prints one line per finished test,
 * {@code RESULT <status> <method> | <message>}, then whether this JVM's host state changed.
 *
 * <p>Arguments: the fixture class name, then {@code key=value} configuration parameters.
 */
public final class FixtureRunner {

    private FixtureRunner() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> configuration = new HashMap<>();
        for (int i = 1; i < args.length; i++) {
            String[] pair = args[i].split("=", 2);
            configuration.put(pair[0], pair[1]);
        }
        HostState before = HostState.now();
        LauncherFactory.create().execute(LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClass(Class.forName(args[0])))
                .configurationParameters(configuration)
                .build(), new TestExecutionListener() {
                    @Override
                    public void executionFinished(TestIdentifier test, TestExecutionResult result) {
                        if (test.isTest()) {
                            String message = result.getThrowable().map(Throwable::toString).orElse("")
                                    .replace('\n', ' ');
                            System.out.println("RESULT " + result.getStatus() + " " + test.getDisplayName() + " | "
                                    + message);
                        }
                    }
                });
        System.out.println("HOST-UNCHANGED " + before.equals(HostState.now()));
    }
}
