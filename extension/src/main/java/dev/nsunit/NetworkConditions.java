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
 * Gives the annotated test, or every test of the annotated class, a network namespace of its own (as
 * {@link IsolatedNetwork} does) whose loopback interface is slow, lossy or narrow, so the test can prove that its
 * timeouts and retries work. Every packet leaving loopback is delayed, dropped or held back by the kernel's netem
 * queueing discipline; a request and its answer each pass it, so a round trip takes at least twice the delay.
 *
 * <pre>{@code
 * @NetworkConditions(delayMillis = 300)
 * class ClientTimeoutTest {
 *     @Test
 *     void givesUpAfterItsTimeout() throws Exception {
 *         try (var server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
 *                 var client = new Socket()) {
 *             assertThrows(SocketTimeoutException.class,
 *                     () -> client.connect(server.getLocalSocketAddress(), 100));
 *         }
 *     }
 * }
 * }</pre>
 *
 * <p>The conditions are set up by iproute2's {@code tc} in the child's own network namespace before the test's code
 * runs; the host's interfaces are never touched. Where the kernel has no netem ({@code sch_netem}) or {@code tc} is
 * missing, the test is aborted with the reason (or failed, with {@code nsunit.unsupported = fail}). At least one
 * attribute must be set. {@link Inherited}, usable as a meta-annotation; one on the method replaces one on the
 * class whole.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@ExtendWith(IsolationGuard.class)
public @interface NetworkConditions {

    /** Milliseconds added to every packet that leaves loopback; 0 for none. */
    int delayMillis() default 0;

    /**
     * Milliseconds by which the delay varies: each packet's is drawn uniformly between {@code delayMillis - jitter}
     * and {@code delayMillis + jitter}, so packets can overtake one another. At most {@link #delayMillis()}; 0 for
     * none.
     */
    int jitterMillis() default 0;

    /** Percentage of packets dropped at random, from 0 to 100; 0 for none. */
    double lossPercent() default 0;

    /** Bandwidth of loopback, in kilobits (1000 bits) per second; 0 for no limit. */
    long rateKbit() default 0;
}
