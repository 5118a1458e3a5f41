package dev.nsunit.internal.engine;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.RecursiveAction;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.platform.engine.ConfigurationParameters;
import org.junit.platform.engine.EngineExecutionListener;
import org.junit.platform.engine.ExecutionRequest;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.opentest4j.TestAbortedException;

import dev.nsunit.internal.launch.UpcomingUnit;
import dev.nsunit.internal.linux.NamespaceSetup;
import dev.nsunit.internal.linux.NamespaceType;
import dev.nsunit.internal.relay.Message;
import dev.nsunit.internal.session.ChildSession;
import dev.nsunit.internal.session.RunChildren;
import dev.nsunit.internal.session.TestJvmProperties;
import dev.nsunit.internal.setup.ChildStartConfig;
import dev.nsunit.internal.setup.EnvironmentProbe;
import dev.nsunit.internal.setup.IsolationAnnotations;
import dev.nsunit.internal.setup.IsolationConfig;

/**
 * One execution of the nsunit engine's tree. The parent reports the containers that hold units (the classes of
 * tests isolated one by one, the templates whose invocations are), and hands each unit to a child:
 * <ul>
 * <li>a class annotated {@code @IsolatedPerClass} (with its {@code @Nested} classes), or a class template: one
 * child runs it whole;</li>
 * <li>otherwise each test, each {@code @TestFactory} (with its dynamic tests), each template of another provider
 * than Jupiter's parameterized and repeated tests (with its invocations), and each invocation of those gets a child
 * of its own.</li>
 * </ul>
 * Children start from the run's {@link RunChildren}, which starts the ones the plan says come next ahead of them.
 */
final class EngineExecution implements OuterContainers {

    private static final String PARALLEL = "junit.jupiter.execution.parallel.enabled";

    private final ExecutionRequest request;
    private final NsunitEngineDescriptor root;
    private final EngineExecutionListener listener;
    private final ConfigurationParameters parameters;
    private Map<String, String> forwarded;
    /** How many children may wait for the next units at once: the upcoming units a child is asked for. */
    private int warm;
    private RunPlan plan;
    private final UnitLocks locks = new UnitLocks();
    /** How the containers the parent reports ended in their units' children, where not successfully. */
    private final Map<TestDescriptor, TestExecutionResult> outerResults = new ConcurrentHashMap<>();
    /** Containers that failed or were aborted before their units ran: their other units do not run either. */
    private final Set<TestDescriptor> broken = ConcurrentHashMap.newKeySet();
    private final UnavailableSummary unavailable = new UnavailableSummary();
    private final Cancellation cancellation;
    private IsolationConfig config;
    private RunChildren children;
    private ForkJoinPool pool;

    EngineExecution(ExecutionRequest request) {
        this.request = request;
        this.root = (NsunitEngineDescriptor) request.getRootTestDescriptor();
        this.listener = request.getEngineExecutionListener();
        this.parameters = request.getConfigurationParameters();
        this.cancellation = Cancellation.of(request);
    }

    void run() {
        if (root.getChildren().isEmpty()) {
            listener.executionStarted(root);
            reportRefused();
            listener.executionFinished(root, TestExecutionResult.successful());
            return;
        }
        ChildStartConfig start;
        try {
            config = IsolationConfig.from(parameters::get);
            start = ChildStartConfig.from(parameters::get);
            warm = start.warm();
            forwarded = Map.copyOf(ForwardedParameters.from(parameters));
        }
        catch (RuntimeException badConfiguration) {
            // Every test fails with the reason: none may vanish, and none may run without the configuration asked.
            listener.executionStarted(root);
            reportRefused();
            root.getChildren().forEach(child -> reportEachTest(child, TestExecutionResult.failed(badConfiguration)));
            listener.executionFinished(root, TestExecutionResult.successful());
            return;
        }
        plan = new RunPlan(root, parameters);
        Optional<RunChildren> session = RunChildren.ofSession(request, config, start);
        // Where there is no session to close them, the run closes its own.
        try (RunChildren own = session.isPresent() ? null : new RunChildren(config, start)) {
            children = session.orElse(own);
            children.runStarting();
            // Before anything is reported started: what preparing the children's command prints (a class-data
            // archive that cannot be made, say) belongs to no test.
            firstTestClass().ifPresent(type -> children.prepare(type.getClassLoader()));
            listener.executionStarted(root);
            reportRefused();
            if (parameters.getBoolean(PARALLEL).orElse(false)) {
                pool = new ForkJoinPool(ExecutionModes.parallelism(parameters));
                try {
                    pool.invoke(task(() -> executeAll(List.copyOf(root.getChildren()), true)));
                }
                finally {
                    pool.shutdown();
                }
            }
            else {
                root.getChildren().forEach(this::execute);
            }
        }
        catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
        if (!unavailable.isEmpty()) {
            System.err.println(unavailable.text(config.unsupported() == IsolationConfig.Unsupported.FAIL,
                    EnvironmentProbe.refusal(NamespaceType.USER).isEmpty()));
        }
        listener.executionFinished(root, TestExecutionResult.successful());
    }

    /** Other engines' tests that carry an isolation annotation, each failed with the reason (see RefusedTest). */
    private void reportRefused() {
        for (RefusedTest test : root.refused()) {
            listener.dynamicTestRegistered(test);
            listener.executionStarted(test);
            listener.executionFinished(test, TestExecutionResult.failed(new IllegalStateException(test.reason())));
        }
    }

    private Optional<Class<?>> firstTestClass() {
        for (TestDescriptor child : root.getChildren()) {
            if (child.getSource().orElse(null) instanceof ClassSource source) {
                return Optional.of(source.getJavaClass());
            }
        }
        return Optional.empty();
    }

    /** Runs the nodes one after another, or side by side when parallel execution is on and they may. */
    private void executeAll(List<TestDescriptor> nodes, boolean classes) {
        if (pool == null) {
            nodes.forEach(this::execute);
            return;
        }
        List<ForkJoinTask<?>> concurrent = new ArrayList<>();
        List<TestDescriptor> sameThread = new ArrayList<>();
        for (TestDescriptor node : nodes) {
            if (ExecutionModes.concurrent(node, classes, parameters)) {
                concurrent.add(task(() -> execute(node)));
            }
            else {
                sameThread.add(node);
            }
        }
        concurrent.forEach(ForkJoinTask::fork);
        sameThread.forEach(this::execute);
        for (int i = concurrent.size() - 1; i >= 0; i--) {
            concurrent.get(i).join();
        }
    }

    private static ForkJoinTask<?> task(Runnable body) {
        return new RecursiveAction() {
            @Override
            protected void compute() {
                body.run();
            }
        };
    }

    private void execute(TestDescriptor node) {
        if (node.getParent().filter(broken::contains).isPresent()) {
            // As in place: after its @BeforeAll failed, a container runs nothing of its own.
            return;
        }
        if (cancellation.requested()) {
            listener.executionSkipped(node, Cancellation.REASON);
            return;
        }
        Optional<String> disabled = plan.disabledReason(node);
        if (disabled.isPresent()) {
            listener.executionSkipped(node, disabled.get());
            return;
        }
        if (RunPlan.isWholeClassUnit(node)) {
            runWholeClass(node);
        }
        else if (RunPlan.eachInvocationIsolated(node)) {
            runInvocations(node);
        }
        else if (node.getSource().orElse(null) instanceof MethodSource) {
            runTest(node);
        }
        else {
            listener.executionStarted(node);
            executeAll(List.copyOf(node.getChildren()), false);
            listener.executionFinished(node, outerResults.getOrDefault(node, TestExecutionResult.successful()));
        }
    }

    /** Keeps the first way each container ended badly in a unit's child; the same failure in later ones repeats it. */
    @Override
    public void ended(TestDescriptor container, TestExecutionResult result, boolean beforeUnit) {
        outerResults.putIfAbsent(container, result);
        if (beforeUnit) {
            broken.add(container);
        }
    }

    private void runWholeClass(TestDescriptor node) {
        Class<?> type = ((ClassSource) node.getSource().orElseThrow()).getJavaClass();
        if (node instanceof ClassTemplateUnit template) {
            runClassTemplate(template, type);
            return;
        }
        NamespaceSetup setup = runnableSetup(node, type, null);
        if (setup == null) {
            return;
        }
        Map<TestDescriptor, Throwable> refused = new LinkedHashMap<>();
        List<String> selection = new ArrayList<>();
        collectSelection(node, setup, type, refused, selection);
        UnitReplay replay = new UnitReplay(listener, node, true, type.getClassLoader(), config, refused)
                .reportingOuterContainersTo(this);
        if (selection.isEmpty()) {
            // Every test asks for other namespaces: no child has anything to run.
            listener.executionStarted(node);
            replay.reportRefusedChildren(node);
            listener.executionFinished(node, TestExecutionResult.successful());
            return;
        }
        runChild(node, setup, type.getClassLoader(), selection, replay);
    }

    /**
     * A class template in one child, which selects what the request left of it. Its tests have not been registered
     * yet (Jupiter registers them per invocation as it runs), so one that cannot share the child with the others is
     * not refused alone: the template fails with the reason, and none of it runs.
     */
    private void runClassTemplate(ClassTemplateUnit template, Class<?> type) {
        List<TestDescriptor> tests = template.selectedTests();
        // The first test's setup: the class's, where the class template is isolated; else its isolated methods'.
        NamespaceSetup setup = tests.get(0).getSource().orElse(null) instanceof MethodSource first
                ? runnableSetup(template, first.getJavaClass(), first.getJavaMethod())
                : runnableSetup(template, type, null);
        if (setup == null) {
            return;
        }
        RuntimeException notShared = notSharing(template, type, setup);
        if (notShared != null) {
            reportEachTest(template, TestExecutionResult.failed(notShared));
            return;
        }
        UnitReplay replay = new UnitReplay(listener, template, true, type.getClassLoader(), config, Map.of())
                .reportingOuterContainersTo(this);
        runChild(template, setup, type.getClassLoader(),
                jupiterIds(tests.stream().flatMap(test -> root.selection(test).stream()).toList()), replay);
    }

    /** Why the template's tests cannot share one child with this setup, or null if they can. */
    private static RuntimeException notSharing(ClassTemplateUnit template, Class<?> type, NamespaceSetup setup) {
        List<TestDescriptor> tests = template.selectedTests();
        for (TestDescriptor test : tests) {
            NamespaceSetup own;
            try {
                own = RunPlan.setupOf(test);
            }
            catch (RuntimeException invalid) {
                return invalid;
            }
            if (!setup.equals(own)) {
                return new ExtensionConfigurationException(test.getDisplayName() + " in class template "
                        + type.getName() + " asks for other namespaces or settings than "
                        + tests.get(0).getDisplayName() + "; a class template runs whole in one child, which all its "
                        + "tests share: put the isolation annotations on the class, or move the test that needs "
                        + "other ones to another class");
            }
        }
        return null;
    }

    /**
     * The Jupiter ids a whole-class child runs: every test the user selected, so a class whose other tests were
     * filtered out runs just these. Tests or {@code @Nested} classes that ask for other namespaces cannot share the
     * class's child: they are refused with the reason.
     */
    private void collectSelection(TestDescriptor node, NamespaceSetup setup, Class<?> unitClass,
            Map<TestDescriptor, Throwable> refused, List<String> selection) {
        for (TestDescriptor child : node.getChildren()) {
            Object source = child.getSource().orElse(null);
            NamespaceSetup own;
            String what = child.getDisplayName();
            try {
                own = RunPlan.setupOf(child);
            }
            catch (RuntimeException invalid) {
                refused.put(child, invalid);
                continue;
            }
            if (child instanceof ClassTemplateUnit template) {
                RuntimeException notShared = notSharing(template, unitClass, setup);
                if (notShared != null) {
                    refused.put(child, notShared);
                }
                else {
                    template.selectedTests().forEach(test -> selection.addAll(jupiterIds(root.selection(test))));
                }
                continue;
            }
            if (own != null && !own.equals(setup)) {
                refused.put(child, new ExtensionConfigurationException(what + " in @IsolatedPerClass "
                        + unitClass.getName() + " asks for other namespaces or settings than the class's shared "
                        + "child has (" + own + " instead of " + setup + "); a test that needs its own must be in "
                        + "another class"));
                continue;
            }
            if (child.getChildren().isEmpty() || source instanceof MethodSource) {
                selection.addAll(jupiterIds(root.selection(child)));
            }
            else {
                int before = selection.size();
                collectSelection(child, setup, unitClass, refused, selection);
                if (selection.size() == before) {
                    // Nothing of it runs in the child, which so never reports it: the parent reports it whole.
                    refused.put(child, refused.get(child.getChildren().iterator().next()));
                }
            }
        }
    }

    /**
     * The setup of a unit that can run here; otherwise null, with each of its tests reported failed (annotations
     * in error) or aborted or failed (namespaces unavailable, per {@code nsunit.unsupported}).
     */
    private NamespaceSetup runnableSetup(TestDescriptor node, Class<?> testClass, Method method) {
        NamespaceSetup setup;
        try {
            setup = IsolationAnnotations.resolve(testClass, method);
        }
        catch (TestAbortedException absent) {
            // A namespace to join that does not exist here: as unavailable as one the machine cannot create.
            reportUnavailable(node, absent.getMessage());
            return null;
        }
        catch (RuntimeException invalid) {
            reportEachTest(node, TestExecutionResult.failed(invalid));
            return null;
        }
        try {
            config.checkDebuggable(setup.types());
        }
        catch (RuntimeException notDebuggable) {
            reportEachTest(node, TestExecutionResult.failed(notDebuggable));
            return null;
        }
        Optional<String> reason = EnvironmentProbe.unavailable(setup);
        if (reason.isPresent()) {
            reportUnavailable(node, reason.get());
            return null;
        }
        return setup;
    }

    /** Each test of a unit that cannot run here, aborted or failed (per {@code nsunit.unsupported}) with the reason. */
    private void reportUnavailable(TestDescriptor node, String reason) {
        boolean fail = config.unsupported() == IsolationConfig.Unsupported.FAIL;
        unavailable.add(reason, reportEachTest(node, fail
                ? TestExecutionResult.failed(new IllegalStateException(reason + " (nsunit.unsupported = fail)"))
                : TestExecutionResult.aborted(new TestAbortedException(reason))));
    }

    private void runTest(TestDescriptor node) {
        MethodSource source = (MethodSource) node.getSource().orElseThrow();
        NamespaceSetup setup = runnableSetup(node, source.getJavaClass(), source.getJavaMethod());
        if (setup == null) {
            return;
        }
        ClassLoader loader = source.getJavaClass().getClassLoader();
        UnitReplay replay = new UnitReplay(listener, node, true, loader, config, Map.of())
                .reportingOuterContainersTo(this);
        runChild(node, setup, loader, plan.selection(node), replay);
    }

    private static List<String> jupiterIds(List<UniqueId> ids) {
        return ids.stream().map(EngineIds::toJupiter).toList();
    }

    /**
     * Each invocation of a template in a child of its own, one after another. Where the count is not written in an
     * annotation ({@code @RepeatedTest(n)}), the parent does not know it (only the child computes arguments), so it
     * asks for invocation 1, 2, ... until a child finds none. The template is reported started once its first
     * invocation (or failure) is.
     */
    private void runInvocations(TestDescriptor template) {
        MethodSource source = (MethodSource) template.getSource().orElseThrow();
        NamespaceSetup setup = runnableSetup(template, source.getJavaClass(), source.getJavaMethod());
        if (setup == null) {
            return;
        }
        ClassLoader loader = source.getJavaClass().getClassLoader();
        List<UniqueId> selected = plan.selectedInvocations(template);
        AtomicBoolean started = new AtomicBoolean();
        Runnable start = () -> {
            synchronized (started) {
                if (started.compareAndSet(false, true)) {
                    listener.executionStarted(template);
                }
            }
        };
        int count = !selected.isEmpty() ? selected.size() : plan.knownInvocations(template);
        // Side by side where the template may run concurrently: as many as run at once where the count is known;
        // where it is not, the first few at once (most templates have few invocations), then one by one, so that
        // asking past the end costs one child, not a batch.
        int parallel = pool != null && ExecutionModes.concurrent(template, false, parameters)
                ? ExecutionModes.parallelism(parameters) : 1;
        // Only what the template's end needs is kept of each unit, not the unit itself: a template of 1,000
        // invocations would otherwise hold 1,000 replays until its end.
        Throwable failure = null;
        String skipped = null;
        boolean anyUnit = false;
        boolean more = true;
        int batch = parallel;
        Optional<RepetitionThreshold> threshold = RepetitionThreshold.of(template);
        int failedTests = 0;
        for (int first = 1; more && (count == 0 || first <= count); first += batch, batch = count == 0 ? 1 : parallel) {
            if (threshold.isPresent() && threshold.get().reachedBy(failedTests)) {
                start.run();
                for (int index = first; index <= count; index++) {
                    UniqueId beyond = RunPlan.invocation(template, selected, index);
                    threshold.get().skip(template, RunPlan.invocationNumber(beyond), plan.knownInvocations(template),
                            listener);
                }
                break;
            }
            List<Runnable> runs = new ArrayList<>();
            List<UnitReplay> batchReplays = new ArrayList<>();
            for (int index = first; index < first + batch && (count == 0 || index <= count); index++) {
                UniqueId invocation = RunPlan.invocation(template, selected, index);
                UnitReplay replay = new UnitReplay(listener, template, false, loader, config, Map.of())
                        .beforeFirstEvent(start).reportingOuterContainersTo(this);
                batchReplays.add(replay);
                int ordinal = index;
                runs.add(() -> runChild(template, ordinal, setup, loader, List.of(EngineIds.toJupiter(invocation)),
                        replay));
            }
            runAll(runs);
            for (UnitReplay replay : batchReplays) {
                failedTests += replay.failedTests();
                if (!anyUnit) {
                    skipped = replay.containerSkipped();
                    anyUnit = true;
                }
                if (replay.containerFailure() != null) {
                    if (failure == null) {
                        failure = replay.containerFailure();
                    }
                    else if (failure != replay.containerFailure()) {
                        failure.addSuppressed(replay.containerFailure());
                    }
                }
            }
            // Once cancelled, the parent asks for no more: how many there would have been, only a child knows.
            more = batchReplays.stream().allMatch(UnitReplay::registeredAny) && !cancellation.requested();
        }
        if (!started.get() && skipped != null && failure == null) {
            listener.executionSkipped(template, skipped);
            return;
        }
        start.run();
        listener.executionFinished(template, failure == null ? TestExecutionResult.successful()
                : TestExecutionResult.failed(failure));
    }

    /** Runs the actions, side by side on the run's pool if there is one. */
    private void runAll(List<Runnable> actions) {
        if (pool == null || actions.size() == 1) {
            actions.forEach(Runnable::run);
            return;
        }
        List<ForkJoinTask<?>> tasks = actions.stream().map(EngineExecution::task).toList();
        ForkJoinTask.invokeAll(tasks);
    }

    private void runChild(TestDescriptor node, NamespaceSetup setup, ClassLoader loader, List<String> selection,
            UnitReplay replay) {
        runChild(node, 1, setup, loader, selection, replay);
    }

    /** @param ordinal which of the node's units this is: 1, or the number of a template's invocation */
    private void runChild(TestDescriptor node, int ordinal, NamespaceSetup setup, ClassLoader loader,
            List<String> selection, UnitReplay replay) {
        Object source = node.getSource().orElse(null);
        Class<?> testClass = source instanceof MethodSource method ? method.getJavaClass()
                : ((ClassSource) source).getJavaClass();
        Method testMethod = source instanceof MethodSource method ? method.getJavaMethod() : null;
        try (UnitLocks.Held held = pool == null ? () -> { } : locks.acquire(testClass, testMethod)) {
            // copied once: every run below shares it
            Map<String, String> properties = Map.copyOf(TestJvmProperties.passed());
            // Only as many as children may wait for (one at least, so that none means the run's last unit): a run
            // of n tests would otherwise make n runs for each of them.
            List<UpcomingUnit> upcoming = plan.upcoming(node, ordinal).stream().limit(Math.max(1, warm))
                    .map(unit -> new UpcomingUnit(unit.setup(), unit.jupiterIds() == null ? null
                            : run(unit.jupiterIds(), properties))).toList();
            ChildSession.End end = ChildSession.run(children, setup, loader, node.getUniqueId() + " " + ordinal,
                    upcoming, describe(node), run(selection, properties), replay, cancellation::requested);
            replay.settle(end);
        }
        catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            replay.settle(new ChildSession.End.Interrupted());
        }
    }

    private Message.Run run(List<String> jupiterIds, Map<String, String> systemProperties) {
        return new Message.Run(jupiterIds, forwarded, systemProperties, cancellation.cancellable());
    }

    /**
     * Reports every test below the node (and the node, if it is one) with the result, each container around them
     * succeeding: a test that cannot run is counted, never dropped. Returns how many tests it reported.
     */
    private int reportEachTest(TestDescriptor node, TestExecutionResult result) {
        listener.executionStarted(node);
        int tests = 0;
        for (TestDescriptor child : List.copyOf(node.getChildren())) {
            tests += reportEachTest(child, result);
        }
        boolean test = node.getType() == TestDescriptor.Type.TEST || node.getChildren().isEmpty();
        listener.executionFinished(node, test ? result : TestExecutionResult.successful());
        return test ? tests + 1 : tests;
    }

    private static String describe(TestDescriptor node) {
        Object source = node.getSource().orElse(null);
        if (source instanceof MethodSource method) {
            return method.getClassName() + " " + node.getDisplayName();
        }
        if (source instanceof ClassSource type) {
            return type.getClassName();
        }
        return node.getDisplayName();
    }

}
