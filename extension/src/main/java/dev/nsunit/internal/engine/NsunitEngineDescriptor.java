package dev.nsunit.internal.engine;

import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.support.descriptor.EngineDescriptor;

/**
 * The root of the nsunit engine's tree: Jupiter's descriptors of the isolated classes and methods below it, and the
 * other engines' tests it refuses ({@link RefusedTest}).
 */
final class NsunitEngineDescriptor extends EngineDescriptor {

    private Set<UniqueId> selectedBelowUnits = Set.of();

    NsunitEngineDescriptor(UniqueId uniqueId) {
        super(uniqueId, "nsunit");
    }

    /** Other engines' tests that carry an isolation annotation, taken from them, to report failed with the reason. */
    private final List<RefusedTest> refused = new CopyOnWriteArrayList<>();

    void refuse(TestDescriptor foreignTest) {
        RefusedTest test = new RefusedTest(getUniqueId().append("refused-test", foreignTest.getUniqueId().toString()),
                foreignTest);
        test.setParent(this);
        refused.add(test);
    }

    List<RefusedTest> refused() {
        return refused;
    }

    /** The nodes selected below the units: template invocations and dynamic nodes, by unique id or iteration. */
    void selectBelowUnits(Set<UniqueId> nodes) {
        this.selectedBelowUnits = Set.copyOf(nodes);
    }

    /**
     * The template invocations selected by unique id or iteration (an IDE re-running one): of a template among
     * them only those run; of any other, all.
     */
    List<UniqueId> selectedInvocations(TestDescriptor template) {
        return selectedBelowUnits.stream().filter(id -> id.removeLastSegment().equals(template.getUniqueId())
                && id.getLastSegment().getType().equals("test-template-invocation")).toList();
    }

    /**
     * What the child runs of a test factory or a template run whole, or of a container that holds one: the dynamic
     * tests and containers, or the invocations, below it selected by unique id or iteration (an IDE re-running one),
     * each with what is around it, as Jupiter runs them in place; where none is, the node itself, whole.
     */
    List<UniqueId> selection(TestDescriptor node) {
        List<UniqueId> below = selectedBelowUnits.stream()
                .filter(id -> !id.equals(node.getUniqueId()) && id.hasPrefix(node.getUniqueId()))
                .sorted(Comparator.comparing(UniqueId::toString)).toList();
        return below.isEmpty() ? List.of(node.getUniqueId()) : below;
    }
}
