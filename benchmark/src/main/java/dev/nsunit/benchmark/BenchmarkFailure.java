package dev.nsunit.benchmark;

/** A run that did not do what it should; the benchmark stops rather than report numbers for it. */
final class BenchmarkFailure extends Exception {

    BenchmarkFailure(String message) {
        super(message);
    }
}
