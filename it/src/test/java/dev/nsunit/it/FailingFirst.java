package dev.nsunit.it;

import static org.junit.jupiter.api.Assertions.fail;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import dev.nsunit.IsolatedPerClass;
import dev.nsunit.IsolatedUts;

/**
 * What ConsoleLauncherIT runs with {@code --fail-fast}: isolated tests whose first fails, test by test and in one
 * child. (Its name matches neither Surefire's nor Failsafe's patterns: it runs only when selected.)
 */
@IsolatedUts
@TestMethodOrder(MethodOrderer.MethodName.class)
class FailingFirst {

    @Test
    void a() {
        fail("the first test fails");
    }

    @Test
    void b() {
        System.out.println("RAN b");
    }

    @Test
    void c() {
        System.out.println("RAN c");
    }

    /** The same tests, run whole in one child. */
    @IsolatedPerClass
    static class InOneChild extends FailingFirst {
    }
}
