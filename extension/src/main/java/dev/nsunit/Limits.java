package dev.nsunit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

import dev.nsunit.internal.engine.IsolationGuard;

/**
 * Limits the memory, the number of processes and threads, and the CPU time of an isolated test's child JVM and of
 * everything it starts, together, through cgroups that nsunit creates for that child alone (below the test JVM's
 * own cgroup) and removes when the child ends.
 *
 * <pre>{@code
 * @IsolatedPid
 * @Limits(memory = "256 MiB", pids = 100, cpus = 0.5)
 * class ImageResizerTest {
 *     @Test
 *     void resizesWithinItsBudget() throws Exception { ... }
 * }
 * }</pre>
 *
 * <p>A child that reaches its memory limit is killed by the kernel, and its test fails saying so ("killed by the
 * kernel: the test's memory limit of 256 MiB was reached"); a process the test started may be killed instead, and
 * the test sees that process end with {@code SIGKILL}. Beyond the pids limit no process or thread can be created
 * (Java throws {@code OutOfMemoryError: unable to create native thread}). The CPU quota slows the child down, never
 * fails it.
 *
 * <p>It isolates nothing by itself: it limits the child that an isolation annotation ({@link IsolatedPid},
 * {@link IsolatedMount}, ...) on the same test or an enclosing class asks for, and a test with {@code @Limits} but
 * no isolation fails saying so. A child JVM needs resources of its own, so limits below {@value #MIN_MEMORY} of
 * memory or {@value #MIN_PIDS} pids are refused. Each attribute is merged on its own; the innermost element that
 * sets it wins. {@link Inherited}, usable as a meta-annotation.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@ExtendWith(IsolationGuard.class)
public @interface Limits {

    /** The smallest memory limit accepted: a child JVM running JUnit needs about this much to start. */
    String MIN_MEMORY = "48 MiB";

    /** The smallest pids limit accepted: a child JVM runs some 20 threads of its own before any test. */
    int MIN_PIDS = 32;

    /**
     * The most memory (RAM, and swap too) the child and its processes may use together: a number and a binary
     * unit, {@code "512 MiB"}, {@code "2 GiB"}, {@code "65536 KiB"}; empty for no limit. At least
     * {@value #MIN_MEMORY}.
     */
    String memory() default "";

    /**
     * The most processes and threads the child and its processes may have at once, the child JVM's own threads
     * included; 0 for no limit. At least {@value #MIN_PIDS}.
     */
    int pids() default 0;

    /**
     * The CPU time the child and its processes may use per unit of wall-clock time, in CPUs: {@code 0.5} is half of
     * one CPU, {@code 2} two CPUs' worth; 0 for no limit. At least 0.01.
     */
    double cpus() default 0;
}
