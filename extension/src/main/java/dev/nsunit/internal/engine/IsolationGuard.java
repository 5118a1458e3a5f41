package dev.nsunit.internal.engine;

import java.lang.reflect.Method;

import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.PreInterruptCallback;
import org.junit.jupiter.api.extension.PreInterruptContext;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;

import dev.nsunit.internal.child.ChildMain;
import dev.nsunit.internal.child.TimeoutWatch;

/**
 * The safety net under the nsunit engine, registered by every isolation annotation. Isolated tests run under the
 * nsunit engine, which takes them away from Jupiter in the test JVM; if Jupiter there meets one all the same (the
 * engine was left out of the run, or its filter could not apply), this extension fails it before anything of it
 * runs: Jupiter creates a class's declared extensions first, before it reads a static field or initializes the
 * class, so failing here keeps the test's code off the host.
 *
 * <p>In a child, where isolated tests belong, it only lets {@link TimeoutWatch} see the methods that Jupiter's
 * {@code @Timeout} applies to start and return, and the interrupt when one times out: being on every isolated
 * test already, it is how the child learns of a method that ignores its timeout.
 */
public final class IsolationGuard implements InvocationInterceptor, PreInterruptCallback {

    public IsolationGuard() {
        if (!Boolean.getBoolean(ChildMain.CHILD_PROPERTY)) {
            throw new ExtensionConfigurationException("nsunit did not isolate this test, so it was not run: isolated "
                    + "tests run under the JUnit test engine \"nsunit\", and this run left that engine out (an engine "
                    + "filter such as Surefire's includeJUnit5Engines, Gradle's includeEngines, the console "
                    + "launcher's --include-engine, a @Suite's @IncludeEngines, or "
                    + "EngineTestKit.engine(\"junit-jupiter\")). Include the engine \"nsunit\" beside "
                    + "\"junit-jupiter\".");
        }
    }

    @Override
    public void beforeThreadInterrupt(PreInterruptContext preInterruptContext, ExtensionContext extensionContext) {
        TimeoutWatch.interrupting(preInterruptContext.getThreadToInterrupt());
    }

    @Override
    public void interceptBeforeAllMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> context,
            ExtensionContext extensionContext) throws Throwable {
        TimeoutWatch.proceed(invocation, context);
    }

    @Override
    public void interceptBeforeEachMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> context,
            ExtensionContext extensionContext) throws Throwable {
        TimeoutWatch.proceed(invocation, context);
    }

    @Override
    public void interceptTestMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> context,
            ExtensionContext extensionContext) throws Throwable {
        TimeoutWatch.proceed(invocation, context);
    }

    @Override
    public void interceptTestTemplateMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> context,
            ExtensionContext extensionContext) throws Throwable {
        TimeoutWatch.proceed(invocation, context);
    }

    @Override
    public <T> T interceptTestFactoryMethod(Invocation<T> invocation, ReflectiveInvocationContext<Method> context,
            ExtensionContext extensionContext) throws Throwable {
        return TimeoutWatch.proceed(invocation, context);
    }

    @Override
    public void interceptAfterEachMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> context,
            ExtensionContext extensionContext) throws Throwable {
        TimeoutWatch.proceed(invocation, context);
    }

    @Override
    public void interceptAfterAllMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> context,
            ExtensionContext extensionContext) throws Throwable {
        TimeoutWatch.proceed(invocation, context);
    }
}
