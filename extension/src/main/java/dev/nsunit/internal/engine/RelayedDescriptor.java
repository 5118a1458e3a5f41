package dev.nsunit.internal.engine;

import java.util.Set;

import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.TestTag;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.support.descriptor.AbstractTestDescriptor;

import dev.nsunit.internal.relay.NodeData;

/**
 * A test or container that Jupiter registered in the child while it ran (a dynamic test or container, a template
 * invocation), reported in the parent as the child's launcher saw it.
 */
final class RelayedDescriptor extends AbstractTestDescriptor {

    private final Type type;
    private final String legacyReportingName;
    private final Set<TestTag> tags;

    /**
     * @param parent what the node is registered below: where its source is the parent's (a template's invocations,
     *               for one), the parent's own is used, since the test plan keeps every test's to the end of the run
     */
    RelayedDescriptor(UniqueId uniqueId, NodeData node, TestDescriptor parent) {
        // Most often the same text: then the same string, for the same reason.
        this(uniqueId, node.displayName(), sourceOf(node, parent), Type.valueOf(node.type()),
                node.legacyReportingName().equals(node.displayName()) ? node.displayName()
                        : node.legacyReportingName(), node.testTags());
    }

    /** A node as the child would have registered it, where the parent reports it itself (a skipped repetition). */
    RelayedDescriptor(UniqueId uniqueId, String displayName, TestSource source, Type type, String legacyReportingName,
            Set<TestTag> tags) {
        super(uniqueId, displayName, source);
        this.type = type;
        this.legacyReportingName = legacyReportingName;
        this.tags = tags;
    }

    private static TestSource sourceOf(NodeData node, TestDescriptor parent) {
        if (node.source() == null) {
            return null;
        }
        TestSource source = node.source().toSource();
        return parent.getSource().filter(source::equals).orElse(source);
    }

    @Override
    public Type getType() {
        return type;
    }

    @Override
    public String getLegacyReportingName() {
        return legacyReportingName;
    }

    @Override
    public Set<TestTag> getTags() {
        return tags;
    }

    @Override
    public boolean mayRegisterTests() {
        return type != Type.TEST;
    }
}
