package dev.nsunit.internal.child;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import org.junit.jupiter.api.Test;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * Runs one empty Jupiter test through a private launcher, so that the classes discovering and executing a test
 * are loaded and initialised before the real test arrives: by a warm child while it waits, and by the training
 * run that records the class-data archive.
 *
 * <p>Nothing of the user's takes part: no listener, session listener or post-discovery filter is registered
 * automatically, {@code junit-platform.properties} is not read, and extension auto-detection is off.
 */
public final class LauncherWarmUp {

    private LauncherWarmUp() {
    }

    static void run() {
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClass(Empty.class))
                .enableImplicitConfigurationParameters(false)
                .configurationParameter("junit.jupiter.extensions.autodetection.enabled", "false")
                .configurationParameter("junit.jupiter.execution.parallel.enabled", "false")
                .build();
        LauncherFactory.create(LauncherConfig.builder()
                .enableTestExecutionListenerAutoRegistration(false)
                .enableLauncherSessionListenerAutoRegistration(false)
                .enableLauncherDiscoveryListenerAutoRegistration(false)
                .enablePostDiscoveryFilterAutoRegistration(false)
                .build())
                .execute(request, new TestExecutionListener() {
                });
    }

    /** The test the warm-up runs: nothing, through Jupiter's whole lifecycle. */
    static final class Empty {

        @Test
        void nothing() {
        }
    }
}
