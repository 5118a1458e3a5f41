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
 * Runs the annotated test, or every test of the annotated class ({@code @Nested} classes included), in a child
 * JVM born in a new UTS namespace, so the test can change the hostname and NIS domain name without the host
 * ever seeing it.
 *
 * <p>The names are set before any of the test's code runs, constructor and {@code @BeforeAll} included:
 *
 * <pre>{@code
 * @IsolatedUts(hostname = "bizarro")
 * class HostnameTest {
 *     @Test
 *     void seesItsOwnHostname() throws Exception {
 *         assertEquals("bizarro", Files.readString(Path.of("/proc/sys/kernel/hostname")).strip());
 *     }
 * }
 * }</pre>
 *
 * <p>Class and method annotations merge: the test gets the union of the namespaces they ask for, and a name
 * given on the method wins over one given on the class. The annotation is {@link Inherited} and may be used as
 * a meta-annotation to compose your own.
 *
 * @see IsolatedMount
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@ExtendWith(IsolationGuard.class)
public @interface IsolatedUts {

    /**
     * The hostname inside the namespace: at most 64 bytes of dot-separated labels made of letters, digits and
     * {@code -} (not at either end of a label). Empty keeps the host's name, or a name set on an enclosing
     * element.
     */
    String hostname() default "";

    /**
     * The NIS domain name inside the namespace (what {@code domainname} prints), with the same rules as
     * {@link #hostname()}. Empty keeps the inherited one.
     */
    String domainname() default "";

    /**
     * Names that resolve in the test, each {@code name=address} (for example {@code "db.example=127.0.0.1"} for a
     * server the test starts on loopback): lines added to the child's own copy of {@code /etc/hosts}, after a line
     * that maps the {@link #hostname()} (if one is set) to {@code 127.0.0.1}. The name follows the rules of
     * {@link #hostname()} (up to 253 bytes); the address is an IPv4 ({@code 10.0.0.5}) or IPv6 ({@code ::1})
     * address. Entries of the class and the method add up. The child gets a mount namespace for this; the host's
     * {@code /etc/hosts} is never written. Not with an {@code @IsolatedMount} bind onto {@code /etc/hosts}: put the
     * lines in that file instead.
     */
    String[] hosts() default {};
}
