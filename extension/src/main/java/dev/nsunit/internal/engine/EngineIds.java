package dev.nsunit.internal.engine;

import java.util.List;

import org.junit.platform.engine.UniqueId;

/**
 * The nsunit engine's tree is Jupiter's, rooted at {@code [engine:nsunit]} instead of {@code [engine:junit-jupiter]};
 * otherwise every unique id is the one Jupiter gives the same test. Where JUnit's suite engine runs both inside a
 * {@code @Suite} class, both roots sit below the suite's ({@code [engine:junit-platform-suite]/[suite:...]}), so the
 * engine that names a test is the innermost {@code engine} segment of its id. A child runs its test in a Jupiter of
 * its own, outside any suite: there the id is the part below that segment, under {@code [engine:junit-jupiter]}.
 */
final class EngineIds {

    static final String NSUNIT = "nsunit";
    static final String JUPITER = "junit-jupiter";

    private static final String ENGINE = "engine";

    private EngineIds() {
    }

    /** The id the child's Jupiter gives the test of this id of the nsunit engine's. */
    static String toJupiter(UniqueId nsunitId) {
        UniqueId result = UniqueId.forEngine(JUPITER);
        for (UniqueId.Segment segment : below(nsunitId)) {
            result = result.append(segment);
        }
        return result.toString();
    }

    /**
     * The id, in the nsunit engine's tree that {@code inTree} belongs to, of the test that the child's Jupiter gives
     * this id.
     */
    static UniqueId toNsunit(String jupiterId, UniqueId inTree) {
        UniqueId result = engineRoot(inTree);
        for (UniqueId.Segment segment : below(UniqueId.parse(jupiterId))) {
            result = result.append(segment);
        }
        return result;
    }

    /** Whether the engine that names this id (its innermost engine segment) is the one of this engine id. */
    static boolean isEngine(UniqueId id, String engineId) {
        return engineOf(id).equals(engineId);
    }

    /** The same id under another engine: its innermost engine segment replaced. */
    static UniqueId withEngine(UniqueId id, String engineId) {
        List<UniqueId.Segment> segments = id.getSegments();
        int engine = innermostEngine(id);
        UniqueId result = engine == 0 ? UniqueId.forEngine(engineId)
                : UniqueId.root(segments.get(0).getType(), segments.get(0).getValue());
        for (int i = 1; i < segments.size(); i++) {
            result = i == engine ? result.append(ENGINE, engineId) : result.append(segments.get(i));
        }
        return result;
    }

    /** The id of the root of the engine tree this id belongs to: the id up to its innermost engine segment. */
    static UniqueId engineRoot(UniqueId id) {
        List<UniqueId.Segment> segments = id.getSegments();
        UniqueId result = UniqueId.root(segments.get(0).getType(), segments.get(0).getValue());
        for (UniqueId.Segment segment : segments.subList(1, innermostEngine(id) + 1)) {
            result = result.append(segment);
        }
        return result;
    }

    /** The engine that names this id: its innermost engine segment's. */
    static String engineOf(UniqueId id) {
        int engine = innermostEngine(id);
        return engine >= 0 ? id.getSegments().get(engine).getValue() : "";
    }

    /** Whether the id is an engine's own, the root of its tree (at the top, or below a suite). */
    static boolean isEngineRoot(UniqueId id) {
        return id.getLastSegment().getType().equals(ENGINE);
    }

    /** The segments of the id below its innermost engine segment: the test's path within its engine's tree. */
    static List<UniqueId.Segment> below(UniqueId id) {
        List<UniqueId.Segment> segments = id.getSegments();
        return segments.subList(innermostEngine(id) + 1, segments.size());
    }

    private static int innermostEngine(UniqueId id) {
        List<UniqueId.Segment> segments = id.getSegments();
        for (int i = segments.size() - 1; i >= 0; i--) {
            if (segments.get(i).getType().equals(ENGINE)) {
                return i;
            }
        }
        return -1;
    }
}
