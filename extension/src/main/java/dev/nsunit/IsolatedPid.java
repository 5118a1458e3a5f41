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
 * Runs the annotated test, or every test of the annotated class, in a child JVM that is process 1 of a new PID
 * namespace. Every process the test starts lives in that namespace and is killed by the kernel when the child
 * exits, whatever it did to escape.
 *
 * <pre>{@code
 * @IsolatedPid
 * @IsolatedMount
 * class ProcessTest {
 *     @Test
 *     void seesOnlyItsOwnProcesses() {
 *         assertEquals(1, ProcessHandle.current().pid());
 *         assertEquals(1, ProcessHandle.allProcesses().count());
 *     }
 * }
 * }</pre>
 *
 * <p>With {@link IsolatedMount} too, {@code /proc} is remounted for the new namespace, so
 * {@code ProcessHandle.allProcesses()} and {@code ps} show only the test's processes. Without it {@code /proc}
 * still shows the host's processes under their host ids (remounting it would change the host's {@code /proc}).
 * {@link Inherited}, usable as a meta-annotation, merged with the others.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@ExtendWith(IsolationGuard.class)
public @interface IsolatedPid {
}
