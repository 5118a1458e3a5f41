package dev.nsunit.internal.engine;

import java.util.Set;

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

    RelayedDescriptor(UniqueId uniqueId, NodeData node) {
        super(uniqueId, node.displayName(), node.source() == null ? null : node.source().toSource());
        this.type = Type.valueOf(node.type());
        this.legacyReportingName = node.legacyReportingName();
        this.tags = node.testTags();
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
