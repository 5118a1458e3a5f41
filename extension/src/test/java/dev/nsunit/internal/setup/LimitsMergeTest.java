package dev.nsunit.internal.setup;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import dev.nsunit.IsolatedPid;
import dev.nsunit.Limits;
import dev.nsunit.internal.linux.ResourceLimits;

/** Each attribute of {@code @Limits} is merged on its own: the innermost element that sets it wins. */
class LimitsMergeTest {

    @Test
    void theMethodsMemoryWinsAndTheClassesPidsAndCpusAreKept() throws Exception {
        ResourceLimits limits = IsolationAnnotations.resolve(Limited.class, Limited.class.getDeclaredMethod("test"))
                .limits();

        assertThat(limits).isEqualTo(new ResourceLimits(1536L << 20, 100, 0.5));
    }

    @Test
    void aTestWithoutLimitsHasNone() throws Exception {
        assertThat(IsolationAnnotations.resolve(Unlimited.class, null).limits()).isEqualTo(ResourceLimits.NONE);
    }

    @IsolatedPid
    @Limits(memory = "256 MiB", pids = 100, cpus = 0.5)
    static class Limited {
        @Limits(memory = "1.5 GiB")
        void test() {
        }
    }

    @IsolatedPid
    static class Unlimited {
    }
}
