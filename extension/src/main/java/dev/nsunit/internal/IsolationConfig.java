package dev.nsunit.internal;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * nsunit's JUnit configuration parameters, read from {@code junit-platform.properties}, system properties or
 * the launcher. A value that cannot be understood is an error, never a silent default.
 *
 * @param unsupported what to do with an isolated test where the namespaces cannot be created
 * @param timeout     how long one child JVM may run, start-up included
 * @param childJvmArgs extra JVM arguments for every child
 */
record IsolationConfig(Unsupported unsupported, Duration timeout, List<String> childJvmArgs) {

    static final String UNSUPPORTED = "nsunit.unsupported";
    static final String TIMEOUT = "nsunit.timeout";
    static final String CHILD_JVM_ARGS = "nsunit.child.jvmArgs";

    static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(5);

    /** JUnit's own duration syntax, as for {@code junit.jupiter.execution.timeout.default}. */
    private static final Pattern DURATION = Pattern.compile("([1-9]\\d*) ?((?:[nμm]?s)|m|h|d)?",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);

    IsolationConfig {
        childJvmArgs = List.copyOf(childJvmArgs);
    }

    /** What an isolated test becomes where isolation is impossible. */
    enum Unsupported {
        /** Reported as aborted (skipped), with the reason. */
        ABORT,
        /** Reported as failed, with the reason. */
        FAIL
    }

    static IsolationConfig from(ExtensionContext context) {
        return new IsolationConfig(
                context.getConfigurationParameter(UNSUPPORTED).map(IsolationConfig::parseUnsupported)
                        .orElse(Unsupported.ABORT),
                context.getConfigurationParameter(TIMEOUT).map(IsolationConfig::parseTimeout).orElse(DEFAULT_TIMEOUT),
                context.getConfigurationParameter(CHILD_JVM_ARGS).map(IsolationConfig::parseJvmArgs)
                        .orElse(List.of()));
    }

    static Unsupported parseUnsupported(String value) {
        return switch (value.trim()) {
            case "abort" -> Unsupported.ABORT;
            case "fail" -> Unsupported.FAIL;
            default -> throw new ExtensionConfigurationException("Configuration parameter " + UNSUPPORTED + " = \""
                    + value + "\" is not understood; use \"abort\" (report the test as skipped, the default) or "
                    + "\"fail\"");
        };
    }

    static Duration parseTimeout(String value) {
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

    static List<String> parseJvmArgs(String value) {
        return Arrays.stream(value.trim().split("\\s+")).filter(arg -> !arg.isEmpty()).toList();
    }

    /** How a duration is written in messages, the way a user would configure it. */
    static String format(Duration duration) {
        if (duration.toMillis() % 60_000 == 0 && !duration.isZero()) {
            return duration.toMinutes() + " m";
        }
        if (duration.toMillis() % 1_000 == 0 && !duration.isZero()) {
            return duration.toSeconds() + " s";
        }
        return duration.toMillis() + " ms";
    }
}
