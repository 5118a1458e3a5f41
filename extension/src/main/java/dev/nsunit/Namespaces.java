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
 * Runs the annotated test, or every test of the annotated class, in a child JVM born in new namespaces of the
 * listed types: the same as stacking the corresponding annotations with their defaults.
 *
 * <pre>{@code
 * @Namespaces({Namespace.UTS, Namespace.NETWORK, Namespace.PID})
 * class ServerTest {
 *     @Test
 *     void bindsAnyPortItLikes() throws Exception {
 *         try (var server = new ServerSocket(8080, 50, InetAddress.getLoopbackAddress())) {
 *             assertEquals(8080, server.getLocalPort());
 *         }
 *     }
 * }
 * }</pre>
 *
 * <p>It merges with the other isolation annotations on the method, the class and enclosing classes; use those
 * where you need attributes (a hostname, tmpfs paths, a uid).
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@ExtendWith(IsolationGuard.class)
public @interface Namespaces {

    /** The namespace types to create. */
    Namespace[] value();
}
