package dev.nsunit;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.nsunit.internal.launch.ChildProcess;
import dev.nsunit.support.Fixtures;

/**
 * Clock offsets the kernel would refuse, or that are no offsets at all, fail the test before any process is
 * created, naming the annotation, the attribute and the value.
 */
class BadClockOffsetTest {

    @ParameterizedTest
    @ValueSource(classes = {WordsForTheUnit.class, AFraction.class, NoUnit.class, Milliseconds.class,
            PastTheKernelsLimit.class, FarPastTheKernelsLimit.class, BelowZero.class, FarBelowZero.class,
            ConflictingBoottimes.class})
    void failsBeforeAnyChildIsSpawned(Class<?> fixture) throws Exception {
        long spawnsBefore = ChildProcess.spawnAttempts();

        Throwable thrown = ChildFailureTest.failureOf(Fixtures.run(fixture));

        assertThat(thrown).isInstanceOf(ExtensionConfigurationException.class)
                .hasMessageContaining(fixture.getField("MESSAGE").get(null).toString());
        assertThat(ChildProcess.spawnAttempts()).isEqualTo(spawnsBefore);
    }

    private static String notAnOffset(Class<?> fixture, String attribute, String value) {
        return "@IsolatedTime(" + attribute + " = \"" + value + "\") on method " + fixture.getName() + ".test(): "
                + "not a clock offset; write a whole number and a unit (s, m, h or d), such as \"400 d\" or \"-30 s\"";
    }

    static class WordsForTheUnit {
        public static final String MESSAGE = notAnOffset(WordsForTheUnit.class, "boottime", "400 days");

        @Test
        @IsolatedTime(boottime = "400 days")
        void test() {
        }
    }

    static class AFraction {
        public static final String MESSAGE = notAnOffset(AFraction.class, "monotonic", "1.5 h");

        @Test
        @IsolatedTime(monotonic = "1.5 h")
        void test() {
        }
    }

    static class NoUnit {
        public static final String MESSAGE = notAnOffset(NoUnit.class, "monotonic", "3600");

        @Test
        @IsolatedTime(monotonic = "3600")
        void test() {
        }
    }

    static class Milliseconds {
        public static final String MESSAGE = notAnOffset(Milliseconds.class, "monotonic", "500 ms");

        @Test
        @IsolatedTime(monotonic = "500 ms")
        void test() {
        }
    }

    static class PastTheKernelsLimit {
        public static final String MESSAGE = "@IsolatedTime(monotonic = \"53376 d\") on method "
                + PastTheKernelsLimit.class.getName() + ".test(): takes CLOCK_MONOTONIC past 4611686018 s (about 146 "
                + "years), the most the kernel allows a clock; use a smaller offset";

        @Test
        @IsolatedTime(monotonic = "53376 d")
        void test() {
        }
    }

    static class FarPastTheKernelsLimit {
        public static final String MESSAGE = "@IsolatedTime(boottime = \"999999999999 d\") on method "
                + FarPastTheKernelsLimit.class.getName() + ".test(): takes CLOCK_BOOTTIME past 4611686018 s (about "
                + "146 years), the most the kernel allows a clock; use a smaller offset";

        @Test
        @IsolatedTime(boottime = "999999999999 d")
        void test() {
        }
    }

    static class BelowZero {
        // 146 years back: longer than any machine has been up
        public static final String MESSAGE = "@IsolatedTime(boottime = \"-53000 d\") on method "
                + BelowZero.class.getName() + ".test(): takes CLOCK_BOOTTIME below zero, which the kernel refuses; it "
                + "reads ";

        @Test
        @IsolatedTime(boottime = "-53000 d")
        void test() {
        }
    }

    static class FarBelowZero {
        public static final String MESSAGE = "@IsolatedTime(monotonic = \"-999999999999 d\") on method "
                + FarBelowZero.class.getName() + ".test(): takes CLOCK_MONOTONIC below zero, which the kernel "
                + "refuses; it reads ";

        @Test
        @IsolatedTime(monotonic = "-999999999999 d")
        void test() {
        }
    }

    @Retention(RetentionPolicy.RUNTIME)
    @IsolatedTime(boottime = "1 d")
    @interface OneDayUp {
    }

    @Retention(RetentionPolicy.RUNTIME)
    @IsolatedTime(boottime = "2 d")
    @interface TwoDaysUp {
    }

    static class ConflictingBoottimes {
        public static final String MESSAGE = "Conflicting annotations on method "
                + ConflictingBoottimes.class.getName() + ".test(): @IsolatedTime(boottime = \"1 d\") via @OneDayUp on "
                + "method " + ConflictingBoottimes.class.getName() + ".test() and @IsolatedTime(boottime = \"2 d\") "
                + "via @TwoDaysUp on method " + ConflictingBoottimes.class.getName() + ".test()";

        @Test
        @OneDayUp
        @TwoDaysUp
        void test() {
        }
    }
}
