package dev.nsunit.internal.child;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherFactory;

import dev.nsunit.internal.relay.Message;
import dev.nsunit.internal.relay.MessageChannel;

/**
 * Runs one empty Jupiter test the way a child runs its test ({@link TestRunner}, relaying every event, here into
 * nothing), so that the classes discovering, executing and relaying a test are loaded and initialised before the
 * real test arrives: by a warm child while it waits, and by the training run that records the class-data archive.
 *
 * <p>Nothing of the user's takes part: the launcher is a private one that registers no listener, session listener
 * or post-discovery filter automatically, {@code junit-platform.properties} is not read, and extension
 * auto-detection is off.
 */
public final class LauncherWarmUp {

    private static final String EMPTY_TEST = "[engine:junit-jupiter]/[class:" + Empty.class.getName() + "]";

    private LauncherWarmUp() {
    }

    static void run() {
        MessageChannel nowhere = new MessageChannel(InputStream.nullInputStream(), OutputStream.nullOutputStream());
        TestRunner runner = new TestRunner(LauncherWarmUp::privateLauncher, false);
        if (runner.run(new Message.Run(List.of(EMPTY_TEST),
                Map.of("junit.jupiter.extensions.autodetection.enabled", "false")),
                new RelayingListener(nowhere, OutputFence.NONE)) != null) {
            throw new IllegalStateException("The warm-up's empty test could not run");
        }
    }

    private static Launcher privateLauncher() {
        return LauncherFactory.create(LauncherConfig.builder()
                .enableTestExecutionListenerAutoRegistration(false)
                .enableLauncherSessionListenerAutoRegistration(false)
                .enableLauncherDiscoveryListenerAutoRegistration(false)
                .enablePostDiscoveryFilterAutoRegistration(false)
                .build());
    }

    /**
     * The tests the warm-up runs: nothing, through Jupiter's whole lifecycle, with what most test classes use
     * (lifecycle methods, a test template, parameters Jupiter resolves, assertions), so that its classes are in the
     * class-data archive and loaded before a test arrives instead of after.
     */
    static final class Empty {

        private int calls;

        @BeforeEach
        void before(TestInfo test) {
            calls = test.getDisplayName().length();
        }

        @Test
        void nothing() {
            assertTrue(calls > 0);
        }

        @RepeatedTest(2)
        void again(RepetitionInfo repetition) {
            assertEquals(2, repetition.getTotalRepetitions());
        }

        @AfterEach
        void after() {
            assertNotEquals(0, calls);
        }
    }
}
