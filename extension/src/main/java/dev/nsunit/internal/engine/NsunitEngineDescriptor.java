package dev.nsunit.internal.engine;

import java.util.Set;

import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.support.descriptor.EngineDescriptor;

/** The root of the nsunit engine's tree: Jupiter's descriptors of the isolated classes and methods below it. */
final class NsunitEngineDescriptor extends EngineDescriptor {

    private Set<UniqueId> selectedInvocations = Set.of();

    NsunitEngineDescriptor(UniqueId uniqueId) {
        super(uniqueId, "nsunit");
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
}
