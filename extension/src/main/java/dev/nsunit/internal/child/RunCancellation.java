package dev.nsunit.internal.child;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestPlan;

/**
 * The child's run made cancellable, where the parent's is (JUnit 6's {@code CancellationToken}, which the console
 * launcher's {@code --fail-fast} cancels once a test failed): the launcher runs the request with a token of the
 * child's own. After each node it reports not successful, the child waits for the parent's verdict, since that report
 * may be what cancels the parent's run: on {@code Cancel} Jupiter skips what it has not begun, as it does in place;
 * on {@code Resume} the run goes on. Reflective, since nsunit is built on JUnit 5, whose Platform has neither; the
 * parent asks for it only where its own run can be cancelled, so other children pay nothing for it.
 */
final class RunCancellation {

    private static final String CANNOT_CANCEL = "Cannot make the child's run cancellable, as the test JVM's is";
    private static final Object LOCK = new Object();
    private static Object token;
    private static Method cancel;
    private static boolean answered;

    private RunCancellation() {
    }

    /**
     * Runs the request, or the plan discovered ahead, with a token that a verdict of {@code Cancel} cancels
     * ({@link #verdict}).
     *
     * @param what a {@link LauncherDiscoveryRequest} or a {@link TestPlan}
     * @throws IllegalStateException where the Platform has no cancellation (JUnit 5, whose parent never asks for it)
     */
    static void execute(Launcher launcher, Object what, TestExecutionListener listener) throws Throwable {
        ClassLoader loader = Launcher.class.getClassLoader();
        Object executionRequest;
        Method execute;
        try {
            Class<?> tokenType = Class.forName("org.junit.platform.engine.CancellationToken", false, loader);
            Class<?> builderType = Class.forName("org.junit.platform.launcher.core.LauncherExecutionRequestBuilder",
                    false, loader);
            Object created = tokenType.getMethod("create").invoke(null);
            Class<?> whatType = what instanceof TestPlan ? TestPlan.class : LauncherDiscoveryRequest.class;
            Object builder = builderType.getMethod("request", whatType).invoke(null, what);
            builderType.getMethod("listeners", TestExecutionListener[].class).invoke(builder,
                    (Object) new TestExecutionListener[] { listener });
            builderType.getMethod("cancellationToken", tokenType).invoke(builder, created);
            executionRequest = builderType.getMethod("build").invoke(builder);
            execute = Launcher.class.getMethod("execute", Class.forName(
                    "org.junit.platform.launcher.LauncherExecutionRequest", false, loader));
            synchronized (LOCK) {
                token = created;
                cancel = tokenType.getMethod("cancel");
            }
        }
        catch (ReflectiveOperationException notAsInJUnit6) {
            throw new IllegalStateException(CANNOT_CANCEL, notAsInJUnit6);
        }
        try {
            execute.invoke(launcher, executionRequest);
        }
        catch (InvocationTargetException failed) {
            throw failed.getCause();
        }
    }

    /** Waits for the parent's verdict on the node just reported not successful. */
    static void awaitVerdict() {
        synchronized (LOCK) {
            try {
                while (!answered) {
                    LOCK.wait();
                }
            }
            catch (InterruptedException stopped) {
                // The run is being stopped (its time is up): no verdict matters any more.
                Thread.currentThread().interrupt();
            }
            answered = false;
        }
    }

    /** The parent's verdict: whether its run was cancelled. Called on the thread that reads the parent. */
    static void verdict(boolean cancelled) {
        synchronized (LOCK) {
            if (cancelled && token != null) {
                try {
                    cancel.invoke(token);
                }
                catch (ReflectiveOperationException unexpected) {
                    throw new IllegalStateException(CANNOT_CANCEL, unexpected);
                }
            }
            answered = true;
            LOCK.notifyAll();
        }
    }
}
