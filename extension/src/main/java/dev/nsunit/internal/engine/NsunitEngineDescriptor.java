package dev.nsunit.internal.engine;

import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.support.descriptor.EngineDescriptor;

/**
 * The root of the nsunit engine's tree: Jupiter's descriptors of the isolated classes and methods below it, and the
 * other engines' tests it refuses ({@link RefusedTest}).
 */
final class NsunitEngineDescriptor extends EngineDescriptor {

    private Set<UniqueId> selectedInvocations = Set.of();
    private Set<UniqueId> selectedDynamicNodes = Set.of();

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

    void selectInvocations(Set<UniqueId> invocations) {
        this.selectedInvocations = Set.copyOf(invocations);
    }

    /**
     * The template invocations selected by unique id (an IDE re-running one): of a template among them only those
     * run; of any other, all.
     */
    Set<UniqueId> selectedInvocations() {
        return selectedInvocations;
    }

    void selectDynamicNodes(Set<UniqueId> dynamicNodes) {
        this.selectedDynamicNodes = Set.copyOf(dynamicNodes);
    }

    /**
     * What the child runs of a test factory or a template run whole, or of a container that holds one: the dynamic
     * tests and containers, or the invocations, below it selected by unique id or iteration (an IDE re-running one),
     * each with what is around it, as Jupiter runs them in place; where none is, the node itself, whole.
     */
    List<UniqueId> selection(TestDescriptor node) {
        List<UniqueId> below = Stream.concat(selectedDynamicNodes.stream(),
                selectedInvocations.stream())
                .filter(id -> !id.equals(node.getUniqueId()) && id.hasPrefix(node.getUniqueId()))
                .sorted(Comparator.comparing(UniqueId::toString)).toList();
        return below.isEmpty() ? List.of(node.getUniqueId()) : below;
    }
}
