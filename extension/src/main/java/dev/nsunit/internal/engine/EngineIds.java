package dev.nsunit.internal.engine;

import org.junit.platform.engine.UniqueId;

/**
 * The nsunit engine's tree is Jupiter's, rooted at {@code [engine:nsunit]} instead of {@code [engine:junit-jupiter]};
 * otherwise every unique id is the one Jupiter gives the same test. So an id moves between the parent's tree and
 * the child's Jupiter by swapping the first segment.
 */
final class EngineIds {

    static final String NSUNIT = "nsunit";
    static final String JUPITER = "junit-jupiter";

    private EngineIds() {
    }

    static String toJupiter(UniqueId nsunitId) {
        return withEngine(nsunitId, JUPITER).toString();
    }

    static UniqueId toNsunit(String jupiterId) {
        return withEngine(UniqueId.parse(jupiterId), NSUNIT);
    }

    static boolean isEngine(UniqueId id, String engineId) {
        return id.getEngineId().filter(engineId::equals).isPresent();
    }

    static UniqueId withEngine(UniqueId id, String engineId) {
        UniqueId result = UniqueId.forEngine(engineId);
        for (UniqueId.Segment segment : id.getSegments().subList(1, id.getSegments().size())) {
            result = result.append(segment);
        }
        return result;
    }
}
