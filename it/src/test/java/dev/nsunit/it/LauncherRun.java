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
 * What one run of the console launcher reported: the outcome of every test, read from its XML report (the legacy
 * JUnit XML format, which both JUnit 5 and 6 write), keyed by a short name made from the test's unique id, such as
 * {@code NestedSampleTest$Inner.inheritsTheOuterHostname()} or
 * {@code ParameterizedSampleTest.everyRepetitionGetsAnEmptyTmpfs()[2]}.
 */
record LauncherRun(Path reports, int exitCode, String output, Map<String, Outcome> outcomes, int containersFailed) {

    /**
     * How a test ended, and with what exception (type and message, no stack trace) if it did not pass. An expected
     * outcome may give only the start of the message, where the rest quotes another program's words.
     */
    record Outcome(Status status, String exception, String message, boolean messageIsPrefix) {

        enum Status { SUCCESSFUL, ABORTED, FAILED }

        static final Outcome SUCCESSFUL = new Outcome(Status.SUCCESSFUL, null, null, false);

        static Outcome aborted(String exception, String message) {
            return new Outcome(Status.ABORTED, exception, message, false);
        }

        static Outcome abortedStartingWith(String exception, String messageStart) {
            return new Outcome(Status.ABORTED, exception, messageStart, true);
        }

        static Outcome failed(String exception, String message) {
            return new Outcome(Status.FAILED, exception, message, false);
        }

        static Outcome failedStartingWith(String exception, String messageStart) {
            return new Outcome(Status.FAILED, exception, messageStart, true);
        }

        /** Whether {@code actual} (read from a report) is what this expected outcome describes. */
        boolean isMetBy(Outcome actual) {
            if (actual == null || status != actual.status || !Objects.equals(exception, actual.exception)) {
                return false;
            }
            return messageIsPrefix ? actual.message != null && actual.message.startsWith(message)
                    : Objects.equals(message, actual.message);
        }

        @Override
        public String toString() {
            return status + (exception == null ? "" : " " + exception + ": " + (messageIsPrefix ? "(starting with) "
                    : "") + message);
        }
    }

    private static final Pattern UNIQUE_ID = Pattern.compile("^unique-id: (.*)$", Pattern.MULTILINE);
    private static final Pattern SEGMENT = Pattern.compile("\\[([a-z-]+):([^\\]]*)\\]");
    private static final Pattern CONTAINERS_FAILED = Pattern.compile("\\[\\s*(\\d+) containers failed\\s*\\]");

    static LauncherRun parse(Path reports, int exitCode, String output, Path xml) throws IOException {
        Document report;
        try {
            report = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(xml.toFile());
        }
        catch (ParserConfigurationException | SAXException e) {
            throw new IOException("Unreadable report " + xml + ": " + e, e);
        }
        Map<String, Outcome> outcomes = new TreeMap<>();
        NodeList testcases = report.getElementsByTagName("testcase");
        for (int i = 0; i < testcases.getLength(); i++) {
            Element testcase = (Element) testcases.item(i);
            String name = shortName(testcase);
            if (outcomes.put(name, outcome(testcase)) != null) {
                throw new IllegalStateException("Two tests named " + name + " in " + xml);
            }
        }
        Matcher failed = CONTAINERS_FAILED.matcher(output);
        if (!failed.find()) {
            throw new IllegalStateException("No summary in the console launcher's output:\n" + output);
        }
        return new LauncherRun(reports, exitCode, output, outcomes, Integer.parseInt(failed.group(1)));
    }

    /**
     * Checks that exactly the {@code expected} tests ran, each with its expected outcome, and that no class (a
     * "container" to JUnit) failed; on a mismatch, lists every test that differs, then the launcher's output.
     */
    void assertOutcomes(Map<String, Outcome> expected) {
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
        if (containersFailed != 0) {
            problems.add(containersFailed + " test classes failed as a whole");
        }
        if (!problems.isEmpty()) {
            throw new AssertionFailedError(problems.size() + " of the samples did not end as expected (the launcher's "
                    + "output and report are in " + reports + "):\n" + String.join("\n", problems)
                    + "\n--- the launcher's output ---\n" + output);
        }
    }

    private static String shortName(Element testcase) {
        Matcher id = UNIQUE_ID.matcher(text(testcase, "system-out"));
        if (!id.find()) {
            throw new IllegalStateException("No unique id for test " + testcase.getAttribute("name"));
        }
        StringBuilder name = new StringBuilder();
        Matcher segment = SEGMENT.matcher(id.group(1));
        while (segment.find()) {
            String value = segment.group(2);
            switch (segment.group(1)) {
                case "engine" -> { }
                case "class" -> name.append(value.substring(value.lastIndexOf('.') + 1));
                case "nested-class" -> name.append('$').append(value);
                case "method", "test-template" -> name.append('.').append(value);
                case "test-template-invocation" -> name.append('[').append(value.replace("#", "")).append(']');
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
