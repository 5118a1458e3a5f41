package dev.nsunit.it;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;

import org.opentest4j.AssertionFailedError;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * What one run of the console launcher reported: the outcome of every test, read from its XML reports (the legacy
 * JUnit XML format, which both JUnit 5 and 6 write, one file per test engine: the isolated tests are under the
 * engine {@code nsunit}, the others under {@code junit-jupiter}), keyed by a short name made from the test's unique
 * id without its engine, such as {@code NestedSampleTest$Inner.inheritsTheOuterHostname()},
 * {@code ParameterizedSampleTest.everyRepetitionGetsAnEmptyTmpfs()[2]} or, for the second dynamic test of a
 * {@code @TestFactory}, {@code DynamicTestsSampleTest.everyDynamicTestSeesTheIsolatedHostname()[2]}.
 *
 * <p>The report lists the tests, and a container only where it has no test below it: a template or a factory that
 * nsunit reported whole, because no child computed its invocations or dynamic tests, is listed under its own name
 * ({@code ParameterizedSampleTest.everyRepetitionGetsAnEmptyTmpfs()}).
 *
 * @param containersFailed the containers that failed, less those the report lists as tests: classes that failed as
 *                         a whole (their {@code @BeforeAll} or {@code @AfterAll}, say)
 */
record LauncherRun(Path reports, int exitCode, String output, Map<String, Outcome> outcomes, int containersFailed) {

    /**
     * How a test ended, and with what exception (type and message, no stack trace) if it did not pass, under which
     * test engine. An expected outcome may give only the start of the message, where the rest quotes another
     * program's words, and leaves the engine out (null) where it does not matter.
     */
    record Outcome(Status status, String exception, String message, boolean messageIsPrefix, String engine) {

        enum Status { SUCCESSFUL, ABORTED, FAILED }

        static final Outcome SUCCESSFUL = new Outcome(Status.SUCCESSFUL, null, null, false, null);

        static Outcome aborted(String exception, String message) {
            return new Outcome(Status.ABORTED, exception, message, false, null);
        }

        static Outcome abortedStartingWith(String exception, String messageStart) {
            return new Outcome(Status.ABORTED, exception, messageStart, true, null);
        }

        static Outcome failed(String exception, String message) {
            return new Outcome(Status.FAILED, exception, message, false, null);
        }

        static Outcome failedStartingWith(String exception, String messageStart) {
            return new Outcome(Status.FAILED, exception, messageStart, true, null);
        }

        /** The same outcome, reported by the given test engine ("nsunit", "junit-jupiter"). */
        Outcome under(String engineId) {
            return new Outcome(status, exception, message, messageIsPrefix, engineId);
        }

        /** Whether {@code actual} (read from a report) is what this expected outcome describes. */
        boolean isMetBy(Outcome actual) {
            if (actual == null || status != actual.status || !Objects.equals(exception, actual.exception)) {
                return false;
            }
            if (engine != null && !engine.equals(actual.engine)) {
                return false;
            }
            return messageIsPrefix ? actual.message != null && actual.message.startsWith(message)
                    : Objects.equals(message, actual.message);
        }

        @Override
        public String toString() {
            return status + (exception == null ? "" : " " + exception + ": " + (messageIsPrefix ? "(starting with) "
                    : "") + message) + (engine == null ? "" : " (engine " + engine + ")");
        }
    }

    private static final Pattern UNIQUE_ID = Pattern.compile("^unique-id: (.*)$", Pattern.MULTILINE);
    private static final Pattern SEGMENT = Pattern.compile("\\[([a-z-]+):([^\\]]*)\\]");
    private static final Set<String> CONTAINER_SEGMENTS = Set.of("engine", "class", "nested-class", "class-template",
            "class-template-invocation", "test-template", "test-factory", "dynamic-container");
    private static final Pattern CONTAINERS_FAILED = Pattern.compile("\\[\\s*(\\d+) containers failed\\s*\\]");

    /** Reads the XML reports of one run, one a test engine ({@code TEST-<engine>.xml}). */
    static LauncherRun parse(Path reports, int exitCode, String output, List<Path> xmls) throws IOException {
        Map<String, Outcome> outcomes = new TreeMap<>();
        int listedContainersFailed = 0;
        for (Path xml : xmls) {
            Document report;
            try {
                report = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(xml.toFile());
            }
            catch (ParserConfigurationException | SAXException e) {
                throw new IOException("Unreadable report " + xml + ": " + e, e);
            }
            NodeList testcases = report.getElementsByTagName("testcase");
            for (int i = 0; i < testcases.getLength(); i++) {
                Element testcase = (Element) testcases.item(i);
                String uniqueId = uniqueId(testcase);
                String name = shortName(uniqueId);
                Outcome outcome = outcome(testcase).under(engine(uniqueId));
                if (outcomes.put(name, outcome) != null) {
                    throw new IllegalStateException("Two tests named " + name + " in " + xmls);
                }
                if (isContainer(uniqueId) && outcome.status() == Outcome.Status.FAILED) {
                    listedContainersFailed++;
                }
            }
        }
        Matcher failed = CONTAINERS_FAILED.matcher(output);
        if (!failed.find()) {
            throw new IllegalStateException("No summary in the console launcher's output:\n" + output);
        }
        return new LauncherRun(reports, exitCode, output, outcomes,
                Integer.parseInt(failed.group(1)) - listedContainersFailed);
    }

    /**
     * Whether the report's "test" is a container: one with nothing below it, which the report lists like a test
     * (a template or factory that nsunit reported whole), and whose failure is checked as that test's.
     */
    private static boolean isContainer(String uniqueId) {
        String last = uniqueId.substring(uniqueId.lastIndexOf("/[") + 2);
        return CONTAINER_SEGMENTS.contains(last.substring(0, last.indexOf(':')));
    }

    /**
     * Checks that exactly the {@code expected} tests ran, each with its expected outcome, and that no class (a
     * "container" to JUnit) failed; on a mismatch, lists every test that differs, then the launcher's output.
     */
    void assertOutcomes(Map<String, Outcome> expected) {
        assertOutcomes(expected, false);
    }

    /**
     * As {@link #assertOutcomes(Map)}, for a run where classes fail as a whole: each of their tests is still in the
     * report, with the class's failure, and so still checked.
     */
    void assertOutcomesOfFailedClasses(Map<String, Outcome> expected) {
        assertOutcomes(expected, true);
    }

    private void assertOutcomes(Map<String, Outcome> expected, boolean containersMayFail) {
        List<String> problems = new ArrayList<>();
        Set<String> names = new TreeSet<>(expected.keySet());
        names.addAll(outcomes.keySet());
        for (String name : names) {
            Outcome wanted = expected.get(name);
            Outcome got = outcomes.get(name);
            if (wanted == null ? got != null : !wanted.isMetBy(got)) {
                problems.add(name + "\n    expected " + (wanted == null ? "no such test" : wanted)
                        + "\n    but was  " + (got == null ? "not run" : got));
            }
        }
        if (containersFailed != 0 && !containersMayFail) {
            problems.add(containersFailed + " containers (test classes) failed as a whole");
        }
        if (!problems.isEmpty()) {
            throw new AssertionFailedError(problems.size() + " of the samples did not end as expected (the launcher's "
                    + "output and report are in " + reports + "):\n" + String.join("\n", problems)
                    + "\n--- the launcher's output ---\n" + output);
        }
    }

    private static String uniqueId(Element testcase) {
        Matcher id = UNIQUE_ID.matcher(text(testcase, "system-out"));
        if (!id.find()) {
            throw new IllegalStateException("No unique id for test " + testcase.getAttribute("name"));
        }
        return id.group(1);
    }

    private static String engine(String uniqueId) {
        Matcher segment = SEGMENT.matcher(uniqueId);
        if (!segment.find() || !segment.group(1).equals("engine")) {
            throw new IllegalStateException("No engine in the unique id " + uniqueId);
        }
        return segment.group(2);
    }

    private static String shortName(String uniqueId) {
        StringBuilder name = new StringBuilder();
        Matcher segment = SEGMENT.matcher(uniqueId);
        while (segment.find()) {
            String value = segment.group(2);
            switch (segment.group(1)) {
                case "engine" -> { }
                case "class" -> name.append(value.substring(value.lastIndexOf('.') + 1));
                case "nested-class" -> name.append('$').append(value);
                case "method", "test-template", "test-factory" -> name.append('.').append(value);
                case "test-template-invocation", "dynamic-test", "dynamic-container" ->
                        name.append('[').append(value.replace("#", "")).append(']');
                default -> name.append('/').append(segment.group());
            }
        }
        return name.toString();
    }

    /**
     * A failed test has a {@code failure} or {@code error} element with the exception's type and message; an
     * aborted one a {@code skipped} element holding the stack trace ("type: message" and then "\tat" lines).
     */
    private static Outcome outcome(Element testcase) {
        for (String tag : new String[] {"failure", "error"}) {
            NodeList failures = testcase.getElementsByTagName(tag);
            if (failures.getLength() > 0) {
                Element failure = (Element) failures.item(0);
                return Outcome.failed(failure.getAttribute("type"), failure.getAttribute("message"));
            }
        }
        if (testcase.getElementsByTagName("skipped").getLength() > 0) {
            String trace = text(testcase, "skipped");
            int stack = trace.indexOf("\n\tat ");
            String head = stack < 0 ? trace.strip() : trace.substring(0, stack);
            int colon = head.indexOf(": ");
            return colon < 0 ? Outcome.aborted(null, head) : Outcome.aborted(head.substring(0, colon), head.substring(colon + 2));
        }
        return Outcome.SUCCESSFUL;
    }

    private static String text(Element parent, String tag) {
        NodeList elements = parent.getElementsByTagName(tag);
        return elements.getLength() == 0 ? "" : elements.item(0).getTextContent();
    }
}
