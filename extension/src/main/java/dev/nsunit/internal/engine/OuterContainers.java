package dev.nsunit.internal.engine;

import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.TestExecutionResult;

/**
 * The containers around a unit that the parent reports itself (a class whose tests are isolated one by one, the
 * classes enclosing it), told how they ended in a unit's child when they did not succeed there: as in place, the
 * container ends that way, not the tests in it.
 */
interface OuterContainers {

    /**
     * @param beforeUnit whether it ended so before the unit ran (a failing {@code @BeforeAll}, a failed assumption
     *                   there): then, as in place, the unit and the container's other units do not run
     */
    void ended(TestDescriptor container, TestExecutionResult result, boolean beforeUnit);
}
