package dev.nsunit.docs.checks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The README's "Set up" gives a newcomer exactly two commands: the main job (build the extension, install it where
 * the "Dependency" coordinates resolve, run the samples, without the extension's own minutes-long specifications)
 * and every test of the project, which is what {@code .ci/run} runs.
 */
class ReadmeSetUpTest {

    private static final Pattern SH_BLOCK = Pattern.compile("```sh\n(.*?)```", Pattern.DOTALL);
    private static final Pattern PROPERTY = Pattern.compile("-D([\\w.]+)(?:=\\S*)?");
    /** What .ci/run adds for a log: batch mode, no download progress, versions first. */
    private static final List<String> BATCH_FLAGS = List.of("-B", "-ntp", "-V");

    @Test
    void setUpHoldsExactlyTwoCommands() throws Exception {
        assertThat(setUpCommands()).hasSize(2);
    }

    @Test
    void theMainJobInstallsTheExtensionAndRunsTheSamples() throws Exception {
        List<String> main = words(setUpCommands().get(0));

        assertThat(main).startsWith("mvn").contains("install").containsSequence("-pl", "samples", "-am");
    }

    @Test
    void theMainJobSkipsTheExtensionsSpecificationsOnly() throws Exception {
        List<String> properties = properties(setUpCommands().get(0));

        assertThat(properties).as("the properties the main job sets").anyMatch(name -> skipsTests("extension", name));
        for (String module : List.of(".", "samples")) {
            assertThat(properties).as("properties that skip the tests of " + module)
                    .noneMatch(name -> skipsTests(module, name));
        }
    }

    @Test
    void theOtherCommandRunsEveryTestAsCiDoes() throws Exception {
        String allTests = setUpCommands().get(1);

        assertThat(words(allTests)).containsExactly("mvn", "verify");
        assertThat(Files.readAllLines(Repository.root().resolve(".ci/run"))).as(".ci/run")
                .anyMatch(line -> withoutBatchFlags(words(line)).equals(words(allTests)));
    }

    @Test
    void theDependencySectionNamesTheCommandThatInstallsTheArtifact() throws Exception {
        assertThat(section("Dependency")).contains("`" + setUpCommands().get(0) + "`");
    }

    private static List<String> setUpCommands() throws Exception {
        Matcher block = SH_BLOCK.matcher(section("Set up"));
        assertThat(block.find()).as("a sh block under \"## Set up\" in README.md").isTrue();
        List<String> commands = block.group(1).lines().map(String::strip).filter(line -> !line.isEmpty()).toList();
        assertThat(block.find()).as("a second sh block under \"## Set up\" in README.md").isFalse();
        return commands;
    }

    /** The text of a "## " section of the README, up to the next one. */
    private static String section(String title) throws Exception {
        String readme = Files.readString(Repository.root().resolve("README.md"));
        int start = readme.indexOf("\n## " + title + "\n");
        assertThat(start).as("a \"## " + title + "\" section in README.md").isNotNegative();
        int end = readme.indexOf("\n## ", start + 1);
        return readme.substring(start, end < 0 ? readme.length() : end);
    }

    private static List<String> words(String command) {
        return Arrays.asList(command.strip().split("\\s+"));
    }

    private static List<String> withoutBatchFlags(List<String> words) {
        List<String> left = new ArrayList<>(words);
        left.removeAll(BATCH_FLAGS);
        return left;
    }

    private static List<String> properties(String command) {
        List<String> names = new ArrayList<>();
        Matcher property = PROPERTY.matcher(command);
        while (property.find()) {
            names.add(property.group(1));
        }
        return names;
    }

    /** Whether the module's pom has a profile that the property activates and that sets skipTests to true. */
    private static boolean skipsTests(String module, String property) {
        Document pom = pom(module);
        NodeList profiles = pom.getElementsByTagName("profile");
        for (int i = 0; i < profiles.getLength(); i++) {
            Element profile = (Element) profiles.item(i);
            if (text(profile, "activation", "property", "name").equals(property)
                    && text(profile, "properties", "skipTests").equals("true")) {
                return true;
            }
        }
        return false;
    }

    private static Document pom(String module) {
        Path pom = Repository.root().resolve(module).resolve("pom.xml");
        try {
            return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile());
        }
        catch (Exception e) {
            throw new IllegalStateException("Unreadable " + pom + ": " + e, e);
        }
    }

    /** The text at a path of child elements, or "" if there is none. */
    private static String text(Element element, String... path) {
        Element at = element;
        for (String name : path) {
            Element child = null;
            NodeList children = at.getChildNodes();
            for (int i = 0; i < children.getLength() && child == null; i++) {
                if (children.item(i) instanceof Element candidate && candidate.getTagName().equals(name)) {
                    child = candidate;
                }
            }
            if (child == null) {
                return "";
            }
            at = child;
        }
        return at.getTextContent().strip();
    }
}
