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
 * Runs the annotated test, or every test of the annotated class, in a child JVM born in a new network namespace
 * whose only interface is the loopback interface, brought up before any test code runs. The test can bind any
 * port on {@code 127.0.0.1} while another isolated test binds the same port at the same time, and it sees none of
 * the host's interfaces.
 *
 * <pre>{@code
 * @IsolatedNetwork
 * class ServerTest {
 *     @Test
 *     void bindsTheUsualPort() throws Exception {
 *         try (var server = new ServerSocket(8080, 50, InetAddress.getLoopbackAddress())) {
 *             assertEquals(8080, server.getLocalPort());
 *         }
 *     }
 * }
 * }</pre>
 *
 * <p>The test cannot connect out: no route leaves the namespace, so anything but loopback fails (name lookups
 * through a DNS server included). {@link Inherited}, usable as a meta-annotation, merged with the others.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@ExtendWith(IsolationGuard.class)
public @interface IsolatedNetwork {
}
