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
 * JVM born in a new mount namespace, so what the test mounts and unmounts stays out of the host's view. Besides
 * {@link #tmpfs()}, paths can be made {@link #readOnly()} or {@link #bind() bind-mounted}.
 *
 * <p>Mount propagation of {@code /} is made private (recursively) in the new namespace before anything else is
 * mounted, so no mount can travel back to the host. Then each {@link #tmpfs()} directory is covered with a fresh,
 * empty tmpfs:
 *
 * <pre>{@code
 * @IsolatedMount(tmpfs = "/srv")
 * class ScratchSpaceTest {
 *     @Test
 *     void startsEmpty() throws Exception {
 *         try (var entries = Files.list(Path.of("/srv"))) {
 *             assertEquals(0, entries.count());
 *         }
 *     }
 * }
 * }</pre>
 *
 * <p>This is isolation, not a sandbox: the test still runs as root and can write to any file it can reach
 * outside its tmpfs mounts. The annotation is {@link Inherited} and may be used as a meta-annotation; the
 * tmpfs paths of class and method annotations are all mounted.
 *
 * @see IsolatedUts
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@ExtendWith(IsolationGuard.class)
public @interface IsolatedMount {

    /**
     * Existing directories to cover with a fresh tmpfs inside the namespace: absolute and normalized, not
     * {@code /} or under {@code /proc}, not nested in one another, and not hiding the child JVM's class path.
     */
    String[] tmpfs() default {};

    /**
     * Existing paths to make read-only inside the namespace (bind-mounted onto themselves, then remounted
     * read-only, with everything mounted below them), after the tmpfs and bind mounts. Same path rules as
     * {@link #tmpfs()}, except that a file is allowed.
     */
    String[] readOnly() default {};

    /**
     * Bind mounts, each {@code "source:target"} with both paths absolute, normalized and existing, and of the same
     * kind (two directories or two files): the target shows the source inside the namespace. Done after the tmpfs
     * mounts, so a target may lie in a tmpfs directory only if it exists there, which it does not: bind onto
     * existing host paths.
     */
    String[] bind() default {};
}
