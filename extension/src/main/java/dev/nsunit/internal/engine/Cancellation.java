package dev.nsunit.internal.engine;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

import org.junit.platform.engine.ExecutionRequest;

/**
 * Whether the run was cancelled: JUnit 6's {@code CancellationToken}, which the console launcher's
 * {@code --fail-fast} (and any launcher's caller) cancels once a test has failed. Where it is, the units not begun
 * are skipped, as Jupiter skips its own nodes; JUnit 5's Platform has no token, and nothing is ever cancelled there.
 * Read reflectively: nsunit is built on JUnit 5.
 */
final class Cancellation {

    /** Jupiter's reason for a node skipped after the cancellation (JUnit's {@code NodeTestTask}). */
    static final String REASON = "Execution cancelled";

    private static final String CANNOT_READ = "Cannot read JUnit's cancellation token";

    private static final Cancellation NEVER = new Cancellation(null, null);

    /**
     * {@code ExecutionRequest.getCancellationToken()}, null before JUnit 6. Looked up once: Surefire runs each class
     * as a run of its own, and on JUnit 5 each lookup made a {@code NoSuchMethodException} with its stack trace.
     */
    private static final Method TOKEN_GETTER = tokenGetter();

    /** The run's token; null where it cannot be cancelled. */
    private final Object token;
    private final Method isRequested;

    private Cancellation(Object token, Method isRequested) {
        this.token = token;
        this.isRequested = isRequested;
    }

    static Cancellation of(ExecutionRequest request) {
        Method getter = TOKEN_GETTER;
        if (getter == null) {
            return NEVER;
        }
        try {
            Object token = getter.invoke(request);
            // A caller that never cancels passes the token that cannot be (the console launcher without
            // --fail-fast, say): it is never asked, and children's runs are not made cancellable.
            if (token == getter.getReturnType().getMethod("disabled").invoke(null)) {
                return NEVER;
            }
            return new Cancellation(token, getter.getReturnType().getMethod("isCancellationRequested"));
        }
        catch (ReflectiveOperationException unexpected) {
            throw new IllegalStateException(CANNOT_READ, unexpected);
        }
    }

    private static Method tokenGetter() {
        try {
            return ExecutionRequest.class.getMethod("getCancellationToken");
        }
        catch (NoSuchMethodException beforeJUnit6) {
            return null;
        }
    }

    /** Whether the run can be cancelled at all: then a child's run must be cancellable too. */
    boolean cancellable() {
        return token != null;
    }

    boolean requested() {
        if (token == null) {
            return false;
        }
        try {
            return (boolean) isRequested.invoke(token);
        }
        catch (InvocationTargetException failed) {
            throw new IllegalStateException(CANNOT_READ, failed.getCause());
        }
        catch (IllegalAccessException unexpected) {
            throw new IllegalStateException(CANNOT_READ, unexpected);
        }
    }
}
