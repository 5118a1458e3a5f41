package dev.nsunit.benchmark;

/**
 * What the report needs to know of a case: a row of its tables.
 *
 * @param name   how the row is labelled
 * @param perRun how many tests one run executes or, for the reference, how many bare JVMs it starts; the run's
 *               wall time divided by it is the case's time for each
 * @param role   how the row's numbers relate to the others'
 */
record CaseInfo(String name, int perRun, Role role) {

    enum Role {
        /** Tests run in place, without isolation: the overheads of the {@link #MEASURED} rows are relative to it. */
        BASELINE,
        /** Tests run some other way, whose cost per test beyond the baseline's is the point of the benchmark. */
        MEASURED,
        /** Bare JVM starts, no tests: the yardstick overheads are divided by. */
        REFERENCE
    }

    CaseInfo {
        if (perRun < 1) {
            throw new IllegalArgumentException(name + ": a run must do something, not " + perRun);
        }
    }

    /** What {@link #perRun} counts. */
    String unit() {
        return role == Role.REFERENCE ? "JVMs" : "tests";
    }
}
