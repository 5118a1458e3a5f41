package dev.nsunit.internal;

import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.util.Optional;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;
import org.opentest4j.TestAbortedException;

import dev.nsunit.internal.child.ChildMain;
import dev.nsunit.internal.child.ClassGate;
import dev.nsunit.internal.linux.NamespaceSetup;

/**
 * The Jupiter side of nsunit, registered by the isolation annotations. In the parent JVM it replaces an isolated
 * test, and every lifecycle method that belongs to it, with a run of that test in a child JVM; in the child it
 * lets everything run in place.
 *
 * <p>Only the test's own code is moved: the constructor (the parent gets an instance made without it),
 * {@code @BeforeAll}, {@code @BeforeEach}, the test, {@code @AfterEach} and {@code @AfterAll} run in the child
 * alone. Other extensions' callbacks still run in the parent too, because Jupiter offers no way to stop them;
 * they act on the parent's unused stand-in instance.
 */
public final class IsolationExtension implements InvocationInterceptor, ExecutionCondition, AfterAllCallback {

    private static final boolean IN_CHILD = Boolean.getBoolean(ChildMain.CHILD_PROPERTY);

    @Override
    public <T> T interceptTestClassConstructor(Invocation<T> invocation,
            ReflectiveInvocationContext<Constructor<T>> invocationContext, ExtensionContext extensionContext)
            throws Throwable {
        if (!movesToChild(extensionContext)) {
            return invocation.proceed();
        }
        invocation.skip();
        return HollowInstances.of(invocationContext.getExecutable().getDeclaringClass());
    }

    @Override
    public void interceptBeforeAllMethod(Invocation<Void> invocation,
            ReflectiveInvocationContext<Method> invocationContext, ExtensionContext extensionContext) throws Throwable {
        proceedUnlessMoved(invocation, extensionContext);
    }

    @Override
    public void interceptBeforeEachMethod(Invocation<Void> invocation,
            ReflectiveInvocationContext<Method> invocationContext, ExtensionContext extensionContext) throws Throwable {
        proceedUnlessMoved(invocation, extensionContext);
    }

    @Override
    public void interceptAfterEachMethod(Invocation<Void> invocation,
            ReflectiveInvocationContext<Method> invocationContext, ExtensionContext extensionContext) throws Throwable {
        proceedUnlessMoved(invocation, extensionContext);
    }

    @Override
    public void interceptAfterAllMethod(Invocation<Void> invocation,
            ReflectiveInvocationContext<Method> invocationContext, ExtensionContext extensionContext) throws Throwable {
        proceedUnlessMoved(invocation, extensionContext);
    }

    @Override
    public void interceptTestMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> invocationContext,
            ExtensionContext extensionContext) throws Throwable {
        runInChildUnlessThere(invocation, extensionContext);
    }

    @Override
    public void interceptTestTemplateMethod(Invocation<Void> invocation,
            ReflectiveInvocationContext<Method> invocationContext, ExtensionContext extensionContext) throws Throwable {
        runInChildUnlessThere(invocation, extensionContext);
    }

    @Override
    public <T> T interceptTestFactoryMethod(Invocation<T> invocation,
            ReflectiveInvocationContext<Method> invocationContext, ExtensionContext extensionContext) throws Throwable {
        if (!movesToChild(extensionContext)) {
            return invocation.proceed();
        }
        invocation.skip();
        throw new ExtensionConfigurationException("@TestFactory method " + invocationContext.getExecutable().getName()
                + "() cannot be isolated by nsunit: its dynamic tests would have to be run in the child and re-created "
                + "in the parent. Use @ParameterizedTest or @RepeatedTest, whose invocations are isolated one by one, "
                + "or move the factory out of the isolated class.");
    }

    private static boolean movesToChild(ExtensionContext context) {
        return !IN_CHILD && IsolationAnnotations.isIsolated(context);
    }

    private static void proceedUnlessMoved(Invocation<Void> invocation, ExtensionContext context) throws Throwable {
        if (movesToChild(context)) {
            invocation.skip();
        }
        else {
            invocation.proceed();
        }
    }

    private static void runInChildUnlessThere(Invocation<Void> invocation, ExtensionContext context)
            throws Throwable {
        if (!movesToChild(context)) {
            invocation.proceed();
            return;
        }
        invocation.skip();
        IsolationConfig config = IsolationConfig.from(context);
        NamespaceSetup setup = IsolationAnnotations.resolve(context);
        config.checkDebuggable(setup.types());
        Optional<String> unavailable = EnvironmentProbe.unavailable(setup.types());
        if (unavailable.isPresent()) {
            if (config.unsupported() == IsolationConfig.Unsupported.FAIL) {
                throw new IllegalStateException(unavailable.get() + " (nsunit.unsupported = fail)");
            }
            throw new TestAbortedException(unavailable.get());
        }
        if (IsolationAnnotations.isPerClass(context)) {
            SharedChild.of(context, setup, config).run(context).replay();
        }
        else {
            new IsolatedExecution(context, setup, config).run().replay();
        }
    }

    /**
     * In the child of an {@code @IsolatedPerClass} class, lets a test run only when the parent asks for it (see
     * {@link ClassGate}); decided before {@code @BeforeEach}, so a test the parent did not ask for leaves no trace.
     */
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        Optional<ClassGate> gate = IN_CHILD ? ClassGate.current() : Optional.empty();
        if (gate.isEmpty()) {
            return ConditionEvaluationResult.enabled("no class gate");
        }
        try {
            return gate.get().admits(context.getUniqueId())
                    ? ConditionEvaluationResult.enabled("requested by the parent JVM")
                    : ConditionEvaluationResult.disabled("not requested by the parent JVM now");
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ConditionEvaluationResult.disabled("interrupted while waiting for the parent JVM");
        }
    }

    /** In the parent, ends the child of an {@code @IsolatedPerClass} class, reporting its class-level failures. */
    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        SharedChild shared = IN_CHILD ? null : SharedChild.startedFor(context);
        if (shared != null) {
            try {
                shared.finish();
            }
            catch (Exception | Error e) {
                throw e;
            }
            catch (Throwable other) {
                throw new IllegalStateException(other);
            }
        }
    }
}
