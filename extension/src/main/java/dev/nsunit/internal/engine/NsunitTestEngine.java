package dev.nsunit.internal.engine;

import java.util.Optional;

import org.junit.platform.engine.EngineDiscoveryRequest;
import org.junit.platform.engine.ExecutionRequest;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.TestEngine;
import org.junit.platform.engine.UniqueId;

import dev.nsunit.internal.child.ChildMain;
import dev.nsunit.internal.launch.SpawnReadiness;

/**
 * The nsunit test engine: runs the isolated Jupiter tests, each class or test in a child JVM born in its
 * namespaces, and reports what Jupiter does there as if it had run here. In this JVM it only discovers (with
 * Jupiter's discovery, which initializes no class), plans the children and replays their events; Jupiter in this
 * JVM never sees the isolated tests ({@link IsolatedClassFilter}).
 */
public final class NsunitTestEngine implements TestEngine {

    @Override
    public String getId() {
        return EngineIds.NSUNIT;
    }

    @Override
    public Optional<String> getGroupId() {
        return Optional.of("dev.nsunit");
    }

    @Override
    public Optional<String> getArtifactId() {
        return Optional.of("nsunit-extension");
    }

    @Override
    public TestDescriptor discover(EngineDiscoveryRequest request, UniqueId uniqueId) {
        if (Boolean.getBoolean(ChildMain.CHILD_PROPERTY)) {
            // In a child everything runs in place, under Jupiter.
            return new NsunitEngineDescriptor(uniqueId);
        }
        NsunitEngineDescriptor root = IsolatedDiscovery.discover(request, uniqueId);
        if (!root.getChildren().isEmpty()) {
            // While the launcher goes on discovering (other engines, its filters), so that the first child waits less.
            SpawnReadiness.startAhead();
        }
        return root;
    }

    @Override
    public void execute(ExecutionRequest request) {
        new EngineExecution(request).run();
    }
}
