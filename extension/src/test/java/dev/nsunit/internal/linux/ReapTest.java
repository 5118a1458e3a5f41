package dev.nsunit.internal.linux;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.nsunit.support.Java;

/**
 * Every child JVM asks at its end whether the test left a process behind; most left none, and that answer must
 * cost no exception. Asked in a JVM of its own: {@code waitpid(-1)} in this one could reap a child another test's
 * spawner thread waits for.
 */
class ReapTest {

    @Test
    void noChildAtAllIsAnAnswerAndARunningChildIsLeftUntilItIsGone() throws Exception {
        String answers = Java.run(Java.command(List.of(), AskThrice.class));

        assertThat(answers.lines()).containsExactly("none: false", "running: true", "gone: false");
    }

    static final class AskThrice {

        public static void main(String[] args) throws Exception {
            Linux linux = Linux.get();
            System.out.println("none: " + linux.reapExitedLeavesChildren());
            Process sleeping = new ProcessBuilder("sleep", "60").start();
            System.out.println("running: " + linux.reapExitedLeavesChildren());
            sleeping.destroyForcibly().waitFor();
            System.out.println("gone: " + linux.reapExitedLeavesChildren());
        }
    }
}
