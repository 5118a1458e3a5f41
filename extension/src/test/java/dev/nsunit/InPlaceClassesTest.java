package dev.nsunit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectNestedClass;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.SelectorResolutionResult;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.launcher.LauncherDiscoveryListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * A class that holds no isolated test is Jupiter's alone: the nsunit engine does not discover it too, so its tests
 * are built once and what it runs at discovery runs once, as without nsunit. A class that holds one anywhere Jupiter
 * looks (in a {@code @Nested} class, in a method it inherits) is still the nsunit engine's.
 */
class InPlaceClassesTest {

    @Test
    void aClassWithNoIsolatedTestIsDiscoveredOnceByJupiterAlone() {
        CountingNames.CLASSES.set(0);

        TestPlan plan = discover(InPlace.class);

        assertThat(CountingNames.CLASSES).hasValue(1);
        assertThat(testIds(plan)).containsExactly(
                "[engine:junit-jupiter]/[class:" + InPlace.class.getName() + "]/[method:test()]");
    }

    @Test
    void anIsolatedNestedClassInAClassOfInPlaceTestsIsTheNsunitEngines() {
        TestPlan plan = discover(WithIsolatedNested.class);

        assertThat(testIds(plan)).contains("[engine:nsunit]/[class:" + WithIsolatedNested.class.getName()
                + "]/[nested-class:Isolated]/[method:test()]");
    }

    @Test
    void anIsolatedMethodAClassInheritsIsTheNsunitEngines() {
        TestPlan plan = discover(InheritsAnIsolatedMethod.class);

        assertThat(testIds(plan)).containsExactly(
                "[engine:nsunit]/[class:" + InheritsAnIsolatedMethod.class.getName() + "]/[method:isolated()]");
    }

    @Test
    void anIsolatedMethodAClassGetsFromAnInterfaceIsTheNsunitEngines() {
        TestPlan plan = discover(ImplementsAnIsolatedMethod.class);

        assertThat(testIds(plan)).containsExactly(
                "[engine:nsunit]/[class:" + ImplementsAnIsolatedMethod.class.getName() + "]/[method:isolated()]");
    }

    @Test
    void aNestedClassSelectedByNameIsTheNsunitEnginesWhereItsEnclosingClassIsIsolated() {
        TestPlan plan = discover(
                selectNestedClass(List.of(IsolatedWithNested.class), IsolatedWithNested.Inner.class));

        assertThat(testIds(plan)).containsExactly("[engine:nsunit]/[class:" + IsolatedWithNested.class.getName()
                + "]/[nested-class:Inner]/[method:test()]");
    }

    @Test
    void theNsunitEngineLeavesAClassSelectedByNameThatHoldsNoIsolatedTestUnresolved() {
        ProcessedSelectors processed = new ProcessedSelectors();

        TestPlan plan = LauncherFactory.create().discover(LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClass(InPlace.class), selectMethod(InPlace.class, "test"))
                .listeners(processed).build());

        assertThat(testIds(plan)).containsExactly(
                "[engine:junit-jupiter]/[class:" + InPlace.class.getName() + "]/[method:test()]");
        assertThat(processed.lines).contains(
                "[engine:nsunit] " + selectClass(InPlace.class) + " UNRESOLVED",
                "[engine:nsunit] " + selectMethod(InPlace.class, "test") + " UNRESOLVED");
    }

    @Test
    void aRequestNamingIsolatedAndInPlaceClassesLeavesTheInPlaceOnesToJupiter() {
        ProcessedSelectors processed = new ProcessedSelectors();

        TestPlan plan = LauncherFactory.create().discover(LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClass(InPlace.class), selectClass(HasAnIsolatedMethod.class))
                .listeners(processed).build());

        assertThat(testIds(plan)).containsExactlyInAnyOrder(
                "[engine:junit-jupiter]/[class:" + InPlace.class.getName() + "]/[method:test()]",
                "[engine:nsunit]/[class:" + HasAnIsolatedMethod.class.getName() + "]/[method:isolated()]");
        assertThat(processed.lines).contains("[engine:nsunit] " + selectClass(InPlace.class) + " UNRESOLVED",
                "[engine:nsunit] " + selectClass(HasAnIsolatedMethod.class) + " RESOLVED");
    }

    private static TestPlan discover(Class<?> testClass) {
        return discover(selectClass(testClass));
    }

    private static TestPlan discover(DiscoverySelector selector) {
        return LauncherFactory.create().discover(
                LauncherDiscoveryRequestBuilder.request().selectors(selector).build());
    }

    private static List<String> testIds(TestPlan plan) {
        return plan.getRoots().stream()
                .flatMap(root -> plan.getDescendants(root).stream())
                .filter(TestIdentifier::isTest)
                .map(TestIdentifier::getUniqueIdObject)
                .map(UniqueId::toString)
                .toList();
    }

    /** Records each selector an engine processed, as "engine id, selector, status". */
    static class ProcessedSelectors implements LauncherDiscoveryListener {

        final List<String> lines = new ArrayList<>();

        @Override
        public void selectorProcessed(UniqueId engineId, DiscoverySelector selector, SelectorResolutionResult result) {
            lines.add(engineId + " " + selector + " " + result.getStatus());
        }
    }

    /** Counts the classes it names: Jupiter names a class once for each discovery that builds its tests. */
    static class CountingNames extends DisplayNameGenerator.Standard {

        static final AtomicInteger CLASSES = new AtomicInteger();

        @Override
        public String generateDisplayNameForClass(Class<?> testClass) {
            CLASSES.incrementAndGet();
            return super.generateDisplayNameForClass(testClass);
        }
    }

    @DisplayNameGeneration(CountingNames.class)
    static class InPlace {

        @Test
        void test() {
        }
    }

    static class WithIsolatedNested {

        @Test
        void inPlace() {
        }

        @Nested
        @IsolatedUts
        class Isolated {

            @Test
            void test() {
            }
        }
    }

    static class HasAnIsolatedMethod {

        @Test
        @IsolatedUts
        void isolated() {
        }
    }

    static class InheritsAnIsolatedMethod extends HasAnIsolatedMethod {
    }

    interface IsolatedByDefault {

        @Test
        @IsolatedUts
        default void isolated() {
        }
    }

    static class ImplementsAnIsolatedMethod implements IsolatedByDefault {
    }

    @IsolatedUts
    static class IsolatedWithNested {

        /** Isolated by its enclosing class alone. */
        @Nested
        class Inner {

            @Test
            void test() {
            }
        }
    }
}
