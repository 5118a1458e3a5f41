package dev.nsunit.docs.coverage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Optional;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import dev.nsunit.internal.setup.EnvironmentProbe;
import dev.nsunit.internal.linux.NamespaceType;

/**
 * Code that runs only in an isolated child counts in the module's JaCoCo report. Surefire runs the tests with
 * JaCoCo's agent (prepare-agent), nsunit passes {@code -javaagent} on to each child, and the child's agent adds what
 * it ran to {@code target/jacoco.exec} when the child exits. This runs after the report is made (Failsafe, after
 * {@code jacoco:report} at package) and reads its XML.
 */
class CoverageIT {

    private static final Path REPORT = Path.of(System.getProperty("nsunit.docs.jacocoXml",
            "target/site/jacoco/jacoco.xml"));

    @BeforeEach
    void onlyWhereTheIsolatedTestCouldRun() {
        Optional<String> unavailable = EnvironmentProbe.unavailable(EnumSet.of(NamespaceType.UTS));
        if (unavailable.isPresent() && "true".equals(System.getenv("CI"))) {
            fail("CI=true, so the coverage proof must run, but " + unavailable.get());
        }
        unavailable.ifPresent(reason -> Assumptions.abort("CoveredInAChildTest was skipped here, so no child "
                + "recorded anything: " + reason));
    }

    @Test
    void everyLineOfAMethodOnlyAChildRanIsCovered() throws Exception {
        Element method = method(read(REPORT), "dev/nsunit/docs/coverage/Greeting", "fromThisHost");

        Element lines = counter(method, "LINE");
        assertEquals("0", lines.getAttribute("missed"), "lines of Greeting.fromThisHost() missed, in " + REPORT);
        assertTrue(Integer.parseInt(lines.getAttribute("covered")) >= 2,
                "lines of Greeting.fromThisHost() covered, in " + REPORT);
    }

    private static Document read(Path report) throws Exception {
        assertTrue(Files.isRegularFile(report), "JaCoCo's XML report, made by jacoco:report at package: " + report);
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        // The report names JaCoCo's DTD, which is neither needed nor to be fetched.
        factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        return factory.newDocumentBuilder().parse(report.toFile());
    }

    private static Element method(Document report, String className, String methodName) {
        NodeList classes = report.getElementsByTagName("class");
        for (int i = 0; i < classes.getLength(); i++) {
            Element type = (Element) classes.item(i);
            if (type.getAttribute("name").equals(className)) {
                NodeList methods = type.getElementsByTagName("method");
                for (int j = 0; j < methods.getLength(); j++) {
                    Element method = (Element) methods.item(j);
                    if (method.getAttribute("name").equals(methodName)) {
                        return method;
                    }
                }
            }
        }
        throw new AssertionError("No method " + className + "." + methodName + " in " + REPORT);
    }

    private static Element counter(Element element, String type) {
        NodeList counters = element.getElementsByTagName("counter");
        for (int i = 0; i < counters.getLength(); i++) {
            Element counter = (Element) counters.item(i);
            if (counter.getAttribute("type").equals(type)) {
                return counter;
            }
        }
        // JaCoCo leaves out a counter whose total is zero: nothing of that kind was even counted.
        throw new AssertionError("No " + type + " counter for " + element.getAttribute("name") + " in " + REPORT);
    }
}
