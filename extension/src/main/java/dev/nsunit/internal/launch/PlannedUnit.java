package dev.nsunit.internal.launch;

import dev.nsunit.internal.linux.NamespaceSetup;

/**
 * A unit of work as the run's plan knows it before it runs: what its child needs from birth, so that a child started
 * ahead for it is of its kind.
 *
 * @param setup     the namespaces and settings of the unit's test or class
 * @param manyTests whether its child runs many tests (a class, or a template or factory whole) rather than one test
 *                  or one invocation
 */
public record PlannedUnit(NamespaceSetup setup, boolean manyTests) {

    /** The command its child starts with, from the run's lean command for children of one test. */
    public ChildCommand command(ChildCommand lean) {
        return manyTests ? lean.forManyTests() : lean;
    }
}
