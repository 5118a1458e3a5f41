package dev.nsunit.internal.relay;

import java.util.List;
import java.util.Set;

import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.TestTag;
import org.junit.platform.launcher.TestIdentifier;

/**
 * A test or container registered in the child while it ran (a dynamic test, a template invocation), with what the
 * parent needs to report it as Jupiter would have: where it hangs, its names, its kind, its source and tags.
 *
 * @param type a {@link TestDescriptor.Type} name
 */
public record NodeData(String uniqueId, String parentUniqueId, String displayName, String legacyReportingName,
        String type, SourceData source, List<String> tags) {

    public NodeData {
        tags = List.copyOf(tags);
    }

    public static NodeData of(TestIdentifier node) {
        return new NodeData(node.getUniqueId(), node.getParentId().orElse(null), node.getDisplayName(),
                node.getLegacyReportingName(), node.getType().name(),
                node.getSource().map(SourceData::of).orElse(null),
                node.getTags().stream().map(TestTag::getName).toList());
    }

    public Set<TestTag> testTags() {
        return tags.stream().map(TestTag::create).collect(java.util.stream.Collectors.toUnmodifiableSet());
    }
}
