package dev.nsunit.benchmark.library;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;

import dev.nsunit.IsolatedUts;
import dev.nsunit.benchmark.fixtures.Fixtures;
import dev.nsunit.benchmark.fixtures.IsolatedTests;

/**
 * {@link IsolatedTests} as most suites write them: each test calls a library (an AssertJ assertion), whose classes
 * nsunit's own training run never loads. What such a test costs beyond a trivial one is what its child pays for the
 * library's classes: read from the jar and verified in every child, unless the class-data archive has learned them
 * from the children of an earlier run.
 *
 * <p>Not compiled with the benchmark: {@link dev.nsunit.benchmark.LibraryFixture} compiles it and loads it, with
 * AssertJ's jar, in a class loader of its own, so that the other fixtures' children keep the class path they had.
 * Every jar on a child's class path costs it memory (JUnit's service lookups open them all): AssertJ's and Byte
 * Buddy's cost each trivial child 1.3 MiB of peak resident set.
 */
@IsolatedUts
public class LibraryTests {

    @RepeatedTest(Fixtures.TESTS)
    void trivial(RepetitionInfo repetition) {
        assertThat(List.of(1, 2, repetition.getCurrentRepetition())).hasSize(3).startsWith(1, 2).doesNotContain(0);
    }
}
