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
 * Runs the annotated test, or every test of the annotated class, in a child JVM born in a new user namespace in
 * which the user running the tests is mapped to {@link #uid()} and {@link #gid()} (root by default). The other
 * namespaces of the test are created inside it, so they work for a user without privileges on kernels that
 * allow unprivileged user namespaces:
 *
 * <pre>{@code
 * @IsolatedUser
 * @IsolatedUts(hostname = "rootless")
 * @IsolatedMount(tmpfs = "/srv")
 * class WithoutRootTest {
 *     @Test
 *     void isRootInsideOnly() throws Exception {
 *         assertEquals("rootless", Files.readString(Path.of("/proc/sys/kernel/hostname")).strip());
 *     }
 * }
 * }</pre>
 *
 * <p>Root inside is not root outside: files the host's root owns stay unwritable, and only the one mapped user
 * and group exist (others show as {@code nobody}). A user namespace must be created by a single-threaded
 * process, which a JVM never is, so nsunit starts the child through util-linux's {@code unshare} command, which
 * creates the namespaces and then executes the child JVM; {@code unshare} must be on the {@code PATH}.
 * {@link Inherited}, usable as a meta-annotation, merged with the others.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@ExtendWith(IsolationGuard.class)
public @interface IsolatedUser {

    /** The user id inside the namespace that the invoking user becomes. */
    int uid() default 0;

    /** The group id inside the namespace that the invoking user's group becomes. */
    int gid() default 0;
}
