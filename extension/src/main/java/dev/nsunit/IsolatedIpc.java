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
 * Runs the annotated test, or every test of the annotated class, in a child JVM born in a new IPC namespace:
 * System V shared memory, semaphores and message queues, and POSIX message queues, that the test creates are
 * invisible to the host and gone when the child exits.
 *
 * <pre>{@code
 * @IsolatedIpc
 * class SharedMemoryTest {
 *     @Test
 *     void startsWithNoSegments() throws Exception {
 *         assertEquals(1, Files.readAllLines(Path.of("/proc/sysvipc/shm")).size()); // the header line only
 *     }
 * }
 * }</pre>
 *
 * <p>With {@link IsolatedMount} too, and where the host has a {@code /dev/mqueue} directory, a fresh mqueue
 * file system is mounted there so the queues listed are the test's own. {@link Inherited}, usable as a
 * meta-annotation, merged with the others.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@ExtendWith(IsolationGuard.class)
public @interface IsolatedIpc {
}
