package dev.nsunit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectUniqueId;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.junit.jupiter.api.Test;
import org.junit.platform.engine.DiscoveryIssue;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.launcher.EngineFilter;
import org.junit.platform.launcher.LauncherDiscoveryListener;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * What is wrong in an isolated class is reported once, as in place: Jupiter in the test JVM reports it, since it
 * reads every class before nsunit's filter takes the isolated ones away; the nsunit engine reports only what
 * Jupiter was never asked to read.
 */
class DiscoveryIssuesTest {

    private static final String INNER_CLASS_ISSUE = "Inner class '" + WithInnerTestClass.LooksLikeATestClass.class
            .getName() + "' looks like it was intended to be a test class but will not be executed.";

    @Test
    void anIssueOfAnIsolatedClassIsReportedOnceByJupiterAsInPlace() {
        List<String> issues = issuesOfDiscovering(selectClass(WithInnerTestClass.class));

        assertThat(issues).singleElement().asString()
                .startsWith("junit-jupiter: ")
                .contains(INNER_CLASS_ISSUE);
    }

    @Test
    void anIssueOfAClassSelectedByTheNsunitEnginesUniqueIdIsReportedByNsunitSinceJupiterNeverReadsIt() {
        List<String> issues = issuesOfDiscovering(
                selectUniqueId("[engine:nsunit]/[class:" + WithInnerTestClass.class.getName() + "]"));

        assertThat(issues).singleElement().asString()
                .startsWith("nsunit: ")
                .contains(INNER_CLASS_ISSUE);
    }

    @Test
    void anIssueOfAnIsolatedClassIsReportedByNsunitWhereAnEngineFilterLeavesJupiterOut() {
        List<String> issues = issuesOfDiscovering(selectClass(WithInnerTestClass.class),
                EngineFilter.includeEngines("nsunit"));

        assertThat(issues).singleElement().asString()
                .startsWith("nsunit: ")
                .contains(INNER_CLASS_ISSUE);
    }

    /** The issues every engine reported, as the Launcher logs them: "engine id: message". */
    private static List<String> issuesOfDiscovering(DiscoverySelector selector, EngineFilter... filters) {
        List<String> issues = new ArrayList<>();
        // The issues are the point here, not a problem of the build's: kept out of its log.
        Logger notifier = Logger.getLogger("org.junit.platform.launcher.core.DiscoveryIssueNotifier");
        Level level = notifier.getLevel();
        notifier.setLevel(Level.OFF);
        try {
            LauncherFactory.create().discover(LauncherDiscoveryRequestBuilder.request()
                    .selectors(selector)
                    .filters(filters)
                    .listeners(new LauncherDiscoveryListener() {
                        @Override
                        public void issueEncountered(UniqueId engineId, DiscoveryIssue issue) {
                            issues.add(engineId.getLastSegment().getValue() + ": " + issue.message());
                        }
                    })
                    .build());
        }
        finally {
            notifier.setLevel(level);
        }
        return issues;
    }

    @IsolatedUts
    static class WithInnerTestClass {

        @Test
        void outer() {
        }

        @SuppressWarnings("InnerClassMayBeStatic")
        class LooksLikeATestClass {

            @Test
            void inner() {
            }
        }
    }
}
