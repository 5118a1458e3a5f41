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
 * Runs the annotated test, or every test of the annotated class, in a child JVM born in a new cgroup namespace:
 * the cgroup the test JVM is in becomes the root of what the test sees, so {@code /proc/self/cgroup} reads
 * {@code /} for every hierarchy, as it does for an application in a container.
 *
 * <pre>{@code
 * @IsolatedCgroup
 * class ContainerDetectionTest {
 *     @Test
 *     void seesItsCgroupAsTheRoot() throws Exception {
 *         assertTrue(Files.readAllLines(Path.of("/proc/self/cgroup")).stream().allMatch(line -> line.endsWith(":/")));
 *     }
 * }
 * }</pre>
 *
 * <p>Only {@code /proc/self/cgroup} (and {@code /proc/<pid>/cgroup}, {@code /proc/self/mountinfo}'s cgroup roots)
 * change: {@code /sys/fs/cgroup} still shows the machine's hierarchies, and nsunit mounts no view of its own there
 * (the user guide says why). Cgroups are not limits: the test gets none from this annotation.
 * {@link Inherited}, usable as a meta-annotation, merged with the others.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@ExtendWith(IsolationGuard.class)
public @interface IsolatedCgroup {
}
