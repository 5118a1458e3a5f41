package dev.nsunit.internal.launch;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;

import dev.nsunit.IsolatedUts;

/**
 * The test JVM readies itself to spawn children (JNR-FFI's binding of the spawn calls, about 110 ms of a fresh JVM)
 * as soon as the nsunit engine has discovered an isolated test, on a thread of its own, while the launcher goes on
 * discovering: not on the path of the run's first child.
 */
class SpawnReadinessTest {

    @Test
    void discoveringAnIsolatedTestStartsReadyingThisJvmToSpawnItsChild() {
        EngineTestKit.engine("nsunit").selectors(selectClass(Isolated.class)).discover();

        assertTrue(SpawnReadiness.isStarted());
    }

    @IsolatedUts
    static class Isolated {

        @Test
        void test() {
        }
    }
}
