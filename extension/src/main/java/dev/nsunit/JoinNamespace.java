package dev.nsunit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

import dev.nsunit.internal.engine.IsolationGuard;

/**
 * Runs the annotated test, or every test of the annotated class, in a child JVM born in an existing namespace
 * instead of a new one: a network namespace that CI prepared ({@code ip netns add blue} makes
 * {@code /run/netns/blue}), or a container's ({@code /proc/<pid>/ns/net}). The child is proven to be in it, by the
 * namespace file's inode, before any of the test's code runs.
 *
 * <pre>{@code
 * @JoinNamespace(type = Namespace.NETWORK, path = "/run/netns/blue")
 * @IsolatedUts(hostname = "blue-client")
 * class BlueNetworkTest {
 *     @Test
 *     void seesTheVethEndThatCiMade() throws Exception {
 *         assertNotNull(NetworkInterface.getByName("veth-blue"));
 *     }
 * }
 * }</pre>
 *
 * <p>Network and UTS namespaces can be joined; the test can have new namespaces of the other types at the same time,
 * but not a new one of a type it joins. The namespace is shared, not the test's own: nsunit changes nothing in it
 * (not even loopback), and what the test does there, others in it see. A hardened child (the default where the test
 * JVM is root) can use a namespace of the host's but not change it (no addresses, routes or hostname): its powers
 * reach only namespaces its own user namespace owns; annotate the test {@link Privileged @Privileged} if it must.
 * The test JVM's own namespaces cannot be joined: that would isolate nothing.
 *
 * <p>Repeatable, {@link Inherited}, usable as a meta-annotation; a join on the method replaces one of the same type
 * on the class.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Repeatable(JoinNamespace.List.class)
@ExtendWith(IsolationGuard.class)
public @interface JoinNamespace {

    /** The namespace's type: {@link Namespace#NETWORK} or {@link Namespace#UTS}. */
    Namespace type();

    /**
     * The namespace file: an absolute path such as {@code /run/netns/blue} or {@code /proc/1234/ns/net}. Give this
     * or {@link #pathProperty()}.
     */
    String path() default "";

    /**
     * The name of a system property of the test JVM whose value is the namespace file's path, for paths that CI
     * makes up at run time ({@code mvn test -Dci.netns=/run/netns/ci-1234}; Surefire passes {@code -D} values to
     * the test JVM). Where the property is not set, the test is aborted (skipped) with the reason, or failed with
     * {@code nsunit.unsupported = fail}, so it can stay in a build that runs where no such namespace exists. Give
     * this or {@link #path()}.
     */
    String pathProperty() default "";

    /**
     * Holds repeated {@link JoinNamespace} annotations; the compiler writes it, you need not.
     *
     * <pre>{@code
     * @JoinNamespace(type = Namespace.NETWORK, path = "/run/netns/blue")
     * @JoinNamespace(type = Namespace.UTS, path = "/proc/1234/ns/uts")
     * class InTheContainerTest { ... }
     * }</pre>
     */
    @Documented
    @Inherited
    @Retention(RetentionPolicy.RUNTIME)
    @Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
    @ExtendWith(IsolationGuard.class)
    @interface List {

        /** The joins. */
        JoinNamespace[] value();
    }
}
