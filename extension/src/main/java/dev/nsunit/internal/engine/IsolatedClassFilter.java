package dev.nsunit.internal.engine;

import org.junit.platform.engine.FilterResult;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.launcher.PostDiscoveryFilter;

/**
 * Keeps Jupiter in the test JVM away from the isolated tests that the nsunit engine runs in children, so that
 * nothing of them (class initialization, extensions, conditions, argument sources) runs on the host. Registered
 * through {@code ServiceLoader}; removes only what the nsunit engine claimed in the same discovery (see
 * {@link DiscoveryClaims}). The launcher removes an excluded descriptor only once it has no children left, so every
 * claimed test and container is excluded, and a class emptied this way disappears.
 */
public final class IsolatedClassFilter implements PostDiscoveryFilter {

    @Override
    public FilterResult apply(TestDescriptor descriptor) {
        if (EngineIds.isEngine(descriptor.getUniqueId(), EngineIds.JUPITER) && DiscoveryClaims.isClaimed(descriptor)) {
            return FilterResult.excluded("isolated: run in a child JVM by the nsunit engine");
        }
        return FilterResult.included("not isolated");
    }
}
