package dev.nsunit.internal.engine;

import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.support.descriptor.AbstractTestDescriptor;

/**
 * A test of another engine than Jupiter (a JUnit 4 test run by JUnit Vintage, say) that carries an isolation
 * annotation. That engine would run it in the test JVM, on the host, since only Jupiter honours the annotation's
 * guard; nsunit's filter takes it from that engine, and the nsunit engine reports it failed with the reason instead,
 * under its own root, as the other engine would have named it.
 */
final class RefusedTest extends AbstractTestDescriptor {

    private final String legacyReportingName;
    private final String engine;

    RefusedTest(UniqueId uniqueId, TestDescriptor foreignTest) {
        super(uniqueId, foreignTest.getDisplayName(), foreignTest.getSource().orElse(null));
        this.legacyReportingName = foreignTest.getLegacyReportingName();
        this.engine = EngineIds.engineOf(foreignTest.getUniqueId());
    }

    /** Why a test of this engine is not run. */
    static String reason(String engine) {
        return "nsunit did not isolate this test, so it was not run: the test engine \"" + engine + "\" runs it, and "
                + "nsunit isolates JUnit Jupiter tests only. Write it as a JUnit Jupiter test "
                + "(org.junit.jupiter.api.Test), or remove its isolation annotation.";
    }

    String reason() {
        return reason(engine);
    }

    @Override
    public Type getType() {
        return Type.TEST;
    }

    @Override
    public String getLegacyReportingName() {
        return legacyReportingName;
    }
}
