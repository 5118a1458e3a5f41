package dev.nsunit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Runs all isolated tests of the annotated class in one child JVM instead of one child per test: the tests share
 * the child's namespaces (and whatever they change there), the class's {@code @BeforeAll} and {@code @AfterAll}
 * run once, and the class pays for one JVM start. Each test is still reported on its own, with its own output.
 *
 * <pre>{@code
 * @IsolatedPerClass
 * @IsolatedNetwork
 * class ServerTest {
 *     static Server server;
 *
 *     @BeforeAll
 *     static void start() { server = Server.listenOn(8080); }   // once, in the child's network namespace
 *
 *     @Test
 *     void answers() { ... }
 *
 *     @Test
 *     void answersTwice() { ... }
 * }
 * }</pre>
 *
 * <p>The namespaces are those the class's isolation annotations ask for; on its own this annotation isolates
 * nothing. The class's {@code @Nested} classes run in the same child, in the class's order, as Jupiter runs them
 * anywhere. A method or {@code @Nested} class that asks for other namespaces cannot share the child: it fails,
 * saying so (it needs a class of its own).
 *
 * <p>{@code @Inherited}, as the isolation annotations are: a subclass of an annotated class runs its tests in one
 * child too, as a base class annotated for all its subclasses means; so does a class that implements an annotated
 * test interface.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.ANNOTATION_TYPE})
public @interface IsolatedPerClass {
}
