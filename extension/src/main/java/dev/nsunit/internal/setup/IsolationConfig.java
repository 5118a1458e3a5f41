package dev.nsunit.internal.setup;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.extension.ExtensionConfigurationException;

import dev.nsunit.internal.linux.NamespaceType;

/**
 * nsunit's JUnit configuration parameters, read from {@code junit-platform.properties}, system properties or
 * the launcher. A value that cannot be understood is an error, never a silent default.
 *
 * @param unsupported  what to do with an isolated test where the namespaces cannot be created
 * @param timeout      how long one child JVM may run, start-up included
 * @param childJvmArgs extra JVM arguments for every child
 * @param childDebug   where every child waits for a debugger before it runs anything ({@code [host:]port}), if
 *                     anywhere
 */
public record IsolationConfig(Unsupported unsupported, Duration timeout, List<String> childJvmArgs,
        Optional<String> childDebug) {

    public static final String UNSUPPORTED = "nsunit.unsupported";
    public static final String TIMEOUT = "nsunit.timeout";
    public static final String CHILD_JVM_ARGS = "nsunit.child.jvmArgs";
    public static final String CHILD_DEBUG = "nsunit.child.debug";

    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(5);
    /**
     * The timeout while a child waits for and runs under a debugger: none to speak of, since a person at the
     * debugger sets the pace (as JUnit's own timeouts do with {@code junit.jupiter.execution.timeout.mode =
     * disabled_on_debug}).
     */
    public static final Duration DEBUGGING_TIMEOUT = Duration.ofDays(365);

    /** JUnit's own duration syntax, as for {@code junit.jupiter.execution.timeout.default}. */
    private static final Pattern DURATION = Pattern.compile("([1-9]\\d*) ?((?:[nμm]?s)|m|h|d)?",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    /** A port, optionally after a host name, an address or {@code *}, as the JDWP agent's address option takes it. */
    private static final Pattern DEBUG_ADDRESS = Pattern.compile("(?:(?:[A-Za-z0-9.-]+|\\*):)?([0-9]{1,5})");
    private static final int MAX_PORT = 65_535;

    public IsolationConfig {
        childJvmArgs = List.copyOf(childJvmArgs);
    }

    /** What an isolated test becomes where isolation is impossible. */
    public enum Unsupported {
        /** Reported as aborted (skipped), with the reason. */
        ABORT,
        /** Reported as failed, with the reason. */
        FAIL
    }

    public static IsolationConfig from(Function<String, Optional<String>> parameters) {
        Duration timeout = parameters.apply(TIMEOUT).map(IsolationConfig::parseTimeout).orElse(DEFAULT_TIMEOUT);
        Optional<String> childDebug = parameters.apply(CHILD_DEBUG).map(IsolationConfig::parseDebugAddress);
        return new IsolationConfig(
                parameters.apply(UNSUPPORTED).map(IsolationConfig::parseUnsupported).orElse(Unsupported.ABORT),
                childDebug.isPresent() ? DEBUGGING_TIMEOUT : timeout,
                parameters.apply(CHILD_JVM_ARGS).map(IsolationConfig::parseJvmArgs).orElse(List.of()),
                childDebug);
    }

    /**
     * Fails a test whose namespaces would keep any debugger from its child: in a network namespace of its own, the
     * child's port is on a loopback interface nothing outside can reach.
     */
    public void checkDebuggable(Set<NamespaceType> types) {
        if (childDebug.isPresent() && types.contains(NamespaceType.NETWORK)) {
            throw new ExtensionConfigurationException("Configuration parameter " + CHILD_DEBUG + " = \""
                    + childDebug.get() + "\" cannot work for a test in a network namespace of its own: no debugger "
                    + "outside could reach the child JVM's port. Debug it without @IsolatedNetwork (or "
                    + "Namespace.NETWORK), or unset " + CHILD_DEBUG);
        }
    }

    public static Unsupported parseUnsupported(String value) {
        return switch (value.trim()) {
            case "abort" -> Unsupported.ABORT;
            case "fail" -> Unsupported.FAIL;
            default -> throw new ExtensionConfigurationException("Configuration parameter " + UNSUPPORTED + " = \""
                    + value + "\" is not understood; use \"abort\" (report the test as skipped, the default) or "
                    + "\"fail\"");
        };
    }

    public static Duration parseTimeout(String value) {
        Matcher matcher = DURATION.matcher(value.trim());
        if (!matcher.matches()) {
            throw new ExtensionConfigurationException("Configuration parameter " + TIMEOUT + " = \"" + value
                    + "\" is not a duration; use a positive number and an optional unit (ns, μs, ms, s, m, h, d; "
                    + "seconds if none), for example \"30 s\" or \"5 m\"");
        }
        long amount = Long.parseLong(matcher.group(1));
        String unit = matcher.group(2) == null ? "s" : matcher.group(2).toLowerCase(Locale.ROOT);
        return switch (unit) {
            case "ns" -> Duration.ofNanos(amount);
            case "μs" -> Duration.ofNanos(amount * 1_000);
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
        };
    }

    public static String parseDebugAddress(String value) {
        Matcher matcher = DEBUG_ADDRESS.matcher(value.trim());
        if (!matcher.matches() || Integer.parseInt(matcher.group(1)) == 0
                || Integer.parseInt(matcher.group(1)) > MAX_PORT) {
            throw new ExtensionConfigurationException("Configuration parameter " + CHILD_DEBUG + " = \"" + value
                    + "\" is not a port; use the port (1 to 65535) on which each child JVM should wait for a "
                    + "debugger, for example \"5005\", or \"*:5005\" to let debuggers on other hosts attach");
        }
        return value.trim();
    }

    public static List<String> parseJvmArgs(String value) {
        return Arrays.stream(value.trim().split("\\s+")).filter(arg -> !arg.isEmpty()).toList();
    }

    /** How a duration is written in messages, the way a user would configure it. */
    public static String format(Duration duration) {
        if (duration.toMillis() % 60_000 == 0 && !duration.isZero()) {
            return duration.toMinutes() + " m";
        }
        if (duration.toMillis() % 1_000 == 0 && !duration.isZero()) {
            return duration.toSeconds() + " s";
        }
        return duration.toMillis() + " ms";
    }
}
