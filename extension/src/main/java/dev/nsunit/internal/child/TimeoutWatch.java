package dev.nsunit.internal.child;

import java.lang.reflect.Method;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;

/**
 * Makes Jupiter's {@code @Timeout} end a test that does not heed it. In its default thread mode Jupiter interrupts
 * the thread running a method when its timeout expires and waits for the method to return; a busy loop never does,
 * so in place the run hangs, and in a child it hung until {@code nsunit.timeout}. Here every isolated test's
 * lifecycle and test methods are seen starting and returning on the thread that runs the child's launcher (through
 * {@code IsolationGuard}, which every isolation annotation registers), and Jupiter announces the interrupt
 * ({@code PreInterruptCallback}); if the interrupted method has not returned {@link #GRACE_MILLIS} later, the run
 * is stopped: the child reports the method's timeout as the end of its run (the parent makes it the failure of
 * the node that was running), kills what it started and halts, without running shutdown hooks that could hang.
 *
 * <p>A method run in a thread of Jupiter's own ({@code SEPARATE_THREAD}) needs none of this: Jupiter stops waiting
 * for it when it times out, fails it and goes on.
 */
public final class TimeoutWatch {

    /** How long an interrupted method may take to return before its run is stopped. */
    public static final long GRACE_MILLIS = 250;

    private static volatile TimeoutWatch active;

    private final Thread runThread;
    private final Consumer<Throwable> stopRun;
    /** The methods running on the run thread, innermost first. */
    private final Deque<Running> running = new ArrayDeque<>();

    private static final class Running {
        /** Described only if it times out: every method of every isolated test passes through here. */
        final ReflectiveInvocationContext<Method> context;
        boolean interrupted;

        Running(ReflectiveInvocationContext<Method> context) {
            this.context = context;
        }
    }

    private TimeoutWatch(Thread runThread, Consumer<Throwable> stopRun) {
        this.runThread = runThread;
        this.stopRun = stopRun;
    }

    /**
     * Watches the methods the calling thread runs from now on.
     *
     * @param stopRun ends the run with the timeout of a method that did not return; does not return itself
     */
    static void watchThisThread(Consumer<Throwable> stopRun) {
        active = new TimeoutWatch(Thread.currentThread(), stopRun);
    }

    /** Runs a method of an isolated test, noting when it starts and returns (called by {@code IsolationGuard}). */
    public static <T> T proceed(InvocationInterceptor.Invocation<T> invocation,
            ReflectiveInvocationContext<Method> context) throws Throwable {
        TimeoutWatch watch = active;
        if (watch == null || Thread.currentThread() != watch.runThread) {
            // A method Jupiter runs in a thread of its own: it does not wait for it past its timeout.
            return invocation.proceed();
        }
        Running method = new Running(context);
        synchronized (watch) {
            watch.running.push(method);
        }
        try {
            return invocation.proceed();
        }
        finally {
            synchronized (watch) {
                watch.running.remove(method);
            }
        }
    }

    /** Jupiter is about to interrupt this thread because a method's timeout expired (called by the guard). */
    public static void interrupting(Thread thread) {
        TimeoutWatch watch = active;
        if (watch == null || thread != watch.runThread) {
            return;
        }
        Running method;
        synchronized (watch) {
            method = watch.running.peek();
            if (method == null || method.interrupted) {
                return;
            }
            method.interrupted = true;
        }
        Thread check = new Thread(() -> watch.stopIfStillRunning(method), "nsunit-timeout-watch");
        check.setDaemon(true);
        check.start();
    }

    private void stopIfStillRunning(Running method) {
        try {
            Thread.sleep(GRACE_MILLIS);
        }
        catch (InterruptedException e) {
            return;
        }
        synchronized (this) {
            if (!running.contains(method)) {
                return;
            }
        }
        TimeoutException timeout = new TimeoutException(describe(method.context) + " timed out: its @Timeout "
                + "interrupted it, and it had not returned " + GRACE_MILLIS + " ms later, so nsunit killed the child "
                + "JVM it ran in, with every process it started");
        // Where it was stuck, rather than this thread's stack.
        timeout.setStackTrace(runThread.getStackTrace());
        stopRun.accept(timeout);
    }

    /** The method as Jupiter's own timeout message names it. */
    private static String describe(ReflectiveInvocationContext<Method> context) {
        Method method = context.getExecutable();
        if (!context.getTargetClass().equals(method.getDeclaringClass())) {
            return context.getTargetClass().getName() + "#" + method.getName() + parameters(method);
        }
        return method.getName() + parameters(method);
    }

    private static String parameters(Method method) {
        return Arrays.stream(method.getParameterTypes()).map(Class::getName)
                .collect(Collectors.joining(", ", "(", ")"));
    }
}
