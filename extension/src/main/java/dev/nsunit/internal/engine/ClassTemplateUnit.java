package dev.nsunit.internal.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.TestTag;
import org.junit.platform.engine.support.descriptor.AbstractTestDescriptor;
import org.junit.platform.engine.support.descriptor.MethodSource;

/**
 * A class template ({@code @ParameterizedClass}, say) in the nsunit engine's tree, in place of Jupiter's descriptor,
 * run whole in one child. Jupiter's descriptor shows no test of its own: as the launcher prunes the tree, after its
 * filters, it takes what is left below it as the prototypes of each invocation's tests, which it registers only as it
 * runs. This does the same, and keeps their Jupiter ids, which the child selects: what the request selected of the
 * class and its filters left, never more. Jupiter's own descriptor cannot be kept in the tree: it keeps its
 * prototypes to itself.
 */
final class ClassTemplateUnit extends AbstractTestDescriptor {

    private static final Set<String> SEGMENT_TYPES = Set.of("class-template", "nested-class-template",
            "fq-nested-class-template");

    private final TestDescriptor jupiter;
    private List<TestDescriptor> prototypes = List.of();

    /** Takes the place of Jupiter's descriptor, with its children, keeping its place among its siblings. */
    static ClassTemplateUnit replace(TestDescriptor jupiter) {
        ClassTemplateUnit unit = new ClassTemplateUnit(jupiter);
        for (TestDescriptor child : List.copyOf(jupiter.getChildren())) {
            jupiter.removeChild(child);
            unit.addChild(child);
        }
        TestDescriptor parent = jupiter.getParent().orElseThrow();
        List<TestDescriptor> siblings = List.copyOf(parent.getChildren());
        siblings.forEach(parent::removeChild);
        siblings.forEach(sibling -> parent.addChild(sibling == jupiter ? unit : sibling));
        return unit;
    }

    static boolean isClassTemplate(TestDescriptor descriptor) {
        return SEGMENT_TYPES.contains(descriptor.getUniqueId().getLastSegment().getType());
    }

    private ClassTemplateUnit(TestDescriptor jupiter) {
        super(jupiter.getUniqueId(), jupiter.getDisplayName(), jupiter.getSource().orElse(null));
        this.jupiter = jupiter;
    }

    @Override
    public Type getType() {
        return Type.CONTAINER;
    }

    @Override
    public String getLegacyReportingName() {
        return jupiter.getLegacyReportingName();
    }

    @Override
    public Set<TestTag> getTags() {
        return jupiter.getTags();
    }

    /** As Jupiter's: what the filters left below it becomes its prototypes, and no test of the plan. */
    @Override
    public void prune() {
        super.prune();
        if (getParent().isEmpty() || getChildren().isEmpty()) {
            return;
        }
        List.copyOf(getChildren()).forEach(child -> child.accept(TestDescriptor::prune));
        prototypes = List.copyOf(getChildren());
        prototypes.forEach(this::removeChild);
    }

    @Override
    public boolean mayRegisterTests() {
        return !prototypes.isEmpty() || !getChildren().isEmpty();
    }

    /** The tests, factories and templates below it that its child runs, with what they are below. */
    List<TestDescriptor> selectedTests() {
        List<TestDescriptor> tests = new ArrayList<>();
        prototypes.forEach(prototype -> collectTests(prototype, tests));
        return tests;
    }

    private static void collectTests(TestDescriptor descriptor, List<TestDescriptor> tests) {
        if (descriptor instanceof ClassTemplateUnit nested) {
            tests.addAll(nested.selectedTests());
        }
        else if (descriptor.getChildren().isEmpty() || descriptor.getSource().orElse(null) instanceof MethodSource) {
            tests.add(descriptor);
        }
        else {
            descriptor.getChildren().forEach(child -> collectTests(child, tests));
        }
    }
}
