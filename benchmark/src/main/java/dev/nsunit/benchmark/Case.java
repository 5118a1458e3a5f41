package dev.nsunit.benchmark;

/** One thing the benchmark times. Every case runs once per round, interleaved with the others. */
interface Case {

    CaseInfo info();

    /**
     * Runs the case once and returns its wall time and the CPU time of every process that did its work, all of
     * them reaped (see {@link CpuTime}).
     *
     * @throws BenchmarkFailure if the run did not do what it should (a test that did not pass, a JVM that failed):
     *                          timing it would be meaningless
     */
    Timing run() throws Exception;
}
