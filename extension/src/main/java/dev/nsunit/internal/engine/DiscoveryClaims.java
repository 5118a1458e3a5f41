package dev.nsunit.internal.engine;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.UniqueId;

/**
 * What the nsunit engine took from Jupiter in the discovery running on this thread: the unique ids, in Jupiter's
 * tree beside it, of the isolated classes and methods it will run in children. {@link IsolatedClassFilter} removes
 * exactly those from Jupiter's tree in the same discovery, and nothing when the engine did not take part (left out
 * by an engine filter): then Jupiter meets the isolated tests and {@code IsolationGuard} fails them, so they never
 * vanish.
 *
 * <p>The launcher discovers every engine, then applies the post-discovery filters, all on one thread. JUnit's suite
 * engine discovers the engines of each {@code @Suite} class within that, applying no filter of its own: so the
 * nsunit engine may claim once at the top and once in each suite, and the launcher's filter, which walks the suites'
 * trees too, applies every claim. A claim belongs to the first tree of its kind (Jupiter's at the top, the suite
 * engine's in a suite) that the filter sees after it was made, so a claim left over from an earlier discovery never
 * applies to a later one's tree.
 */
final class DiscoveryClaims {

    /** The claims of this thread's discovery, by the nsunit engine's root id that made each. */
    private static final ThreadLocal<Map<UniqueId, Claim>> CURRENT = ThreadLocal.withInitial(HashMap::new);

    private DiscoveryClaims() {
    }

    /** What the nsunit engine of this root claims, replacing what one of the same id claimed before. */
    static void claim(NsunitEngineDescriptor engine, Set<UniqueId> jupiterIds) {
        UniqueId nsunitRoot = engine.getUniqueId();
        CURRENT.get().put(nsunitRoot, new Claim(engine, EngineIds.withEngine(nsunitRoot, EngineIds.JUPITER)
                .getSegments().get(0).getValue(), Set.copyOf(jupiterIds)));
    }

    /**
     * Hands another engine's test that carries an isolation annotation to the nsunit engine beside that engine in
     * this discovery, which reports it failed; false if no nsunit engine took part to report it.
     */
    static boolean refuse(TestDescriptor foreignTest) {
        Claim claim = CURRENT.get().get(EngineIds.withEngine(EngineIds.engineRoot(foreignTest.getUniqueId()),
                EngineIds.NSUNIT));
        if (claim == null) {
            return false;
        }
        claim.engine.refuse(foreignTest);
        return true;
    }

    /** At the start of each launcher discovery: nothing is claimed until the nsunit engine claims it. */
    static void reset() {
        CURRENT.remove();
    }

    /** Whether the nsunit engine runs this descriptor of Jupiter's in this discovery. */
    static boolean isClaimed(TestDescriptor jupiterDescriptor) {
        Map<UniqueId, Claim> claims = CURRENT.get();
        if (claims.isEmpty()) {
            return false;
        }
        TestDescriptor root = root(jupiterDescriptor);
        for (Claim claim : claims.values()) {
            // Ids compared as ids: the filter asks this of every descriptor of Jupiter's, and formatting each one's id
            // as a string took about a quarter of nsunit's own CPU in discovering a thousand classes left in place.
            if (claim.appliesTo(root) && claim.ids.contains(jupiterDescriptor.getUniqueId())) {
                return true;
            }
        }
        return false;
    }

    private static TestDescriptor root(TestDescriptor descriptor) {
        TestDescriptor root = descriptor;
        while (root.getParent().isPresent()) {
            root = root.getParent().get();
        }
        return root;
    }

    private static final class Claim {

        private final NsunitEngineDescriptor engine;
        /** The engine whose tree holds the claimed descriptors: Jupiter's, or the suite engine's. */
        private final String rootEngine;
        private final Set<UniqueId> ids;
        private TestDescriptor root;

        Claim(NsunitEngineDescriptor engine, String rootEngine, Set<UniqueId> ids) {
            this.engine = engine;
            this.rootEngine = rootEngine;
            this.ids = ids;
        }

        boolean appliesTo(TestDescriptor treeRoot) {
            if (root == null && EngineIds.isEngine(treeRoot.getUniqueId(), rootEngine)) {
                root = treeRoot;
            }
            return root == treeRoot;
        }
    }
}
