package dev.nsunit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

import dev.nsunit.internal.engine.IsolationGuard;

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
 * <p>The namespaces are those the class's isolation annotations ask for; a method of the class may not ask for
 * others (that test would need a child of its own: put it in another class). {@code @Nested} classes are not part
 * of the shared child: they are isolated per test, or per class if annotated themselves. The child runs the tests
 * in the class's order, which must be the same in the parent: concurrent execution of the class's methods, or a
 * random method order without a fixed seed, make tests fail with a message saying the child did not run them.
 *
 * <p>Not {@code @Inherited}: a subclass that wants one child per class says so itself.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.ANNOTATION_TYPE})
@ExtendWith(IsolationGuard.class)
public @interface IsolatedPerClass {
}
