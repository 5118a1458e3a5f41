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
 * Runs the annotated test, or every test of the annotated class, in a child JVM born in a new time namespace whose
 * CLOCK_MONOTONIC and CLOCK_BOOTTIME are moved by the given offsets: the machine can seem to have been up for 400
 * days, or {@code System.nanoTime()} to be far from zero.
 *
 * <pre>{@code
 * @IsolatedTime(boottime = "400 d")
 * class UptimeReportTest {
 *     @Test
 *     void seesAMachineUpFor400Days() throws Exception {
 *         double seconds = Double.parseDouble(Files.readString(Path.of("/proc/uptime")).split(" ")[0]);
 *         assertTrue(seconds >= Duration.ofDays(400).toSeconds());
 *     }
 * }
 * }</pre>
 *
 * <p>An offset is a whole number and a unit, {@code s}, {@code m}, {@code h} or {@code d}, with an optional
 * {@code -} and a space or none between: {@code "400 d"}, {@code "-30 s"}, {@code "90m"}. The kernel keeps each
 * clock between zero and about 146 years (2<sup>62</sup> ns), so a negative offset may take a clock back at most
 * to zero; values outside are refused before any process exists. The offsets are written before the child exists
 * and are the same for its whole life.
 *
 * <p>The wall clock (CLOCK_REALTIME: {@code System.currentTimeMillis()}, {@code Instant.now()}) is not moved: no
 * namespace can move it. Offsets given on the method win over the class's, each clock on its own.
 * {@link Inherited}, usable as a meta-annotation, merged with the others.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@ExtendWith(IsolationGuard.class)
public @interface IsolatedTime {

    /**
     * Added to CLOCK_MONOTONIC, the clock of {@code System.nanoTime()}, timeouts and {@code Thread.sleep}: such as
     * {@code "100 d"}. Empty keeps the machine's, or an offset set on an enclosing element.
     */
    String monotonic() default "";

    /**
     * Added to CLOCK_BOOTTIME, the time since the machine booted ({@code /proc/uptime}, {@code uptime}, what
     * CLOCK_MONOTONIC is plus the time suspended): such as {@code "400 d"}. Empty keeps the machine's, or an offset
     * set on an enclosing element.
     */
    String boottime() default "";
}
