package dev.nsunit.internal.engine;

import java.util.Set;

import org.junit.platform.engine.TestDescriptor;

/**
 * What the nsunit engine took from Jupiter in the discovery running on this thread: the Jupiter unique ids of the
 * isolated classes and methods it will run in children. {@link IsolatedClassFilter} removes exactly those from
 * Jupiter's tree in the same discovery, and nothing when the engine did not take part (left out by an engine
 * filter): then Jupiter meets the isolated tests and {@code IsolationGuard} fails them, so they never vanish.
 *
 * <p>The launcher discovers every engine, then applies the post-discovery filters, all on one thread; a claim
 * belongs to the first Jupiter tree the filter sees after it was made, so a claim left over from an earlier
 * discovery never applies to a later one's tree.
 */
final class DiscoveryClaims {

    private static final ThreadLocal<Claim> CURRENT = new ThreadLocal<>();

    private DiscoveryClaims() {
    }

    static void claim(Set<String> jupiterIds) {
        CURRENT.set(new Claim(Set.copyOf(jupiterIds)));
    }

    /** At the start of each launcher discovery: nothing is claimed until the nsunit engine claims it. */
    static void reset() {
        CURRENT.remove();
    }

    /** Whether the nsunit engine runs this descriptor of Jupiter's in this discovery. */
    static boolean isClaimed(TestDescriptor jupiterDescriptor) {
        Claim claim = CURRENT.get();
        return claim != null && claim.appliesTo(root(jupiterDescriptor))
                && claim.ids.contains(jupiterDescriptor.getUniqueId().toString());
    }

    private static TestDescriptor root(TestDescriptor descriptor) {
        TestDescriptor root = descriptor;
        while (root.getParent().isPresent()) {
            root = root.getParent().get();
        }
        return root;
    }

    private static final class Claim {

        private final Set<String> ids;
        private TestDescriptor jupiterRoot;

        Claim(Set<String> ids) {
            this.ids = ids;
        }

        boolean appliesTo(TestDescriptor root) {
            if (jupiterRoot == null) {
                jupiterRoot = root;
            }
            return jupiterRoot == root;
        }
    }
}
