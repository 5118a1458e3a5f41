package dev.nsunit.internal.engine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The few lines on standard error, once at the end of a run, about the isolated tests that could not have their
 * namespaces here. Each such test is skipped (or failed) with the reason, but a skipped test shows in a build's
 * output as a count at most, and a build of nothing but skipped tests is green: without these lines a user without
 * the privilege would learn that nothing was proven only from the XML reports. Nothing is printed when every test
 * could have its namespaces.
 */
final class UnavailableSummary {

    static final String DOCTOR = "java -cp <the tests' class path> dev.nsunit.internal.doctor.Doctor";
    static final String DOCTOR_IN_REPOSITORY = "mvn -q -pl extension compile exec:java@doctor";

    /** How many tests each reason kept from running, in the order the reasons first came. */
    private final Map<String, Integer> testsByReason = new LinkedHashMap<>();

    synchronized void add(String reason, int tests) {
        testsByReason.merge(reason, tests, Integer::sum);
    }

    synchronized boolean isEmpty() {
        return testsByReason.isEmpty();
    }

    /**
     * The summary: how many tests, why, and what to do. Only for a run in which some test was kept from running.
     *
     * @param failed            whether the tests were failed ({@code nsunit.unsupported = fail}) rather than skipped
     * @param isolatedUserWorks whether user namespaces work here for this user, so {@code @IsolatedUser} would help
     */
    synchronized String text(boolean failed, boolean isolatedUserWorks) {
        int total = testsByReason.values().stream().mapToInt(Integer::intValue).sum();
        List<String> lines = new ArrayList<>();
        lines.add("nsunit: " + tests(total) + (failed ? " failed" : total == 1 ? " was skipped" : " were skipped")
                + ", because nsunit cannot create their namespaces here:");
        testsByReason.forEach((reason, count) -> lines.add("nsunit:   " + tests(count) + ": " + reason));
        lines.add("nsunit: To see what works here, and why not: run nsunit's doctor, " + DOCTOR
                + " (in nsunit's own repository: " + DOCTOR_IN_REPOSITORY + ").");
        if (!failed) {
            lines.add("nsunit: To make a build fail where they cannot run, instead of passing with them skipped: set "
                    + "the configuration parameter nsunit.unsupported=fail.");
        }
        if (isolatedUserWorks) {
            lines.add("nsunit: To run them without privilege: annotate them @IsolatedUser (user namespaces work here "
                    + "for this user, and inside one the other namespaces need no privilege).");
        }
        return String.join("\n", lines);
    }

    private static String tests(int count) {
        return count == 1 ? "1 isolated test" : count + " isolated tests";
    }
}
