package dev.nsunit.docs.checks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Keeps the Java examples of the Markdown documentation true to compiled, tested sources. Each {@code ```java} block
 * is the copy of a tagged region of a source file, named in a comment on the line above it:
 *
 * <pre>
 * &lt;!-- snippet: dev/nsunit/docs/HostnameTest.java#getting-started --&gt;
 * ```java
 * ...
 * ```
 * </pre>
 *
 * <p>and in the source, the region between {@code // tag::getting-started[]} and {@code // end::getting-started[]}
 * (marker lines left out, common indentation removed). The path is relative to the sources' root.
 */
final class Snippets {

    private static final Pattern REFERENCE = Pattern.compile("<!-- snippet: (\\S+#\\S+) -->");
    private static final Pattern MARKER = Pattern.compile("\\s*// (tag|end)::([\\w-]+)\\[]\\s*");
    private static final String JAVA_FENCE = "```java";
    private static final String FENCE = "```";

    private final Path repository;
    private final Path sources;

    /**
     * @param repository what Markdown paths are shown relative to
     * @param sources    the root of the example sources, which snippet references are relative to
     */
    Snippets(Path repository, Path sources) {
        this.repository = repository;
        this.sources = sources;
    }

    /** What is wrong with the Java blocks of these Markdown files and the tagged regions; empty if nothing. */
    List<String> problems(List<Path> markdownFiles) throws IOException {
        List<String> problems = new ArrayList<>();
        Map<String, List<String>> regions = regions(problems);
        Set<String> shown = new LinkedHashSet<>();
        for (Path markdown : markdownFiles) {
            List<String> lines = Files.readAllLines(markdown);
            for (int i = 0; i < lines.size(); i++) {
                Matcher reference = REFERENCE.matcher(lines.get(i).strip());
                if (reference.matches() && (i + 1 == lines.size() || !lines.get(i + 1).strip().equals(JAVA_FENCE))) {
                    problems.add(where(markdown, i) + ": " + reference.group() + " is not right above a " + JAVA_FENCE
                            + " block.");
                }
                if (!lines.get(i).strip().equals(JAVA_FENCE)) {
                    continue;
                }
                List<String> block = blockAt(lines, i);
                Matcher above = REFERENCE.matcher(i == 0 ? "" : lines.get(i - 1).strip());
                if (!above.matches()) {
                    problems.add(where(markdown, i) + ": a Java block that comes from no compiled source. Put the code"
                            + " in " + repository.relativize(sources) + " between // tag::NAME[] and // end::NAME[],"
                            + " and write <!-- snippet: PATH#NAME --> on the line above the block.");
                    continue;
                }
                String key = above.group(1);
                shown.add(key);
                List<String> region = regions.get(key);
                if (region == null) {
                    problems.add(where(markdown, i - 1) + ": no tagged region " + key + " under "
                            + repository.relativize(sources) + "; there are: " + regions.keySet());
                }
                else if (!stripTrailing(block).equals(stripTrailing(region))) {
                    problems.add(where(markdown, i) + ": the block differs from " + key + ", which is compiled and "
                            + "run, so it is right. Copy the region into the block (or change the source, run it, and "
                            + "copy it). Lines the block has and the source lacks are marked -, lines the source has "
                            + "and the block lacks +:\n" + LineDiff.of(block, region));
                }
            }
        }
        for (String key : regions.keySet()) {
            if (!shown.contains(key)) {
                problems.add(key + " is shown in no Markdown file: show it (<!-- snippet: " + key + " --> above a "
                        + JAVA_FENCE + " block) or remove its tag markers.");
            }
        }
        return problems;
    }

    /** The lines of the fenced block opening at {@code fence}, without the fences. */
    private static List<String> blockAt(List<String> lines, int fence) {
        List<String> block = new ArrayList<>();
        for (int i = fence + 1; i < lines.size() && !lines.get(i).strip().equals(FENCE); i++) {
            block.add(lines.get(i));
        }
        return block;
    }

    /** Every tagged region under the sources' root, by {@code path#tag}. */
    Map<String, List<String>> regions(List<String> problems) throws IOException {
        Map<String, List<String>> regions = new LinkedHashMap<>();
        List<Path> files;
        try (Stream<Path> paths = Files.walk(sources)) {
            files = paths.filter(path -> path.toString().endsWith(".java")).sorted().toList();
        }
        for (Path file : files) {
            String path = sources.relativize(file).toString();
            Map<String, List<String>> open = new HashMap<>();
            List<String> lines = Files.readAllLines(file);
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                Matcher marker = MARKER.matcher(line);
                if (!marker.matches()) {
                    open.values().forEach(region -> region.add(line));
                }
                else if (marker.group(1).equals("tag")) {
                    open.put(marker.group(2), new ArrayList<>());
                }
                else if (open.containsKey(marker.group(2))) {
                    regions.put(path + "#" + marker.group(2), dedent(open.remove(marker.group(2))));
                }
                else {
                    problems.add(path + ":" + (i + 1) + ": end::" + marker.group(2) + "[] without tag::"
                            + marker.group(2) + "[] above it.");
                }
            }
            open.keySet().forEach(tag -> problems.add(path + ": tag::" + tag + "[] is never ended."));
        }
        return regions;
    }

    private static List<String> dedent(List<String> lines) {
        int indent = lines.stream().filter(line -> !line.isBlank())
                .mapToInt(line -> line.length() - line.stripLeading().length()).min().orElse(0);
        return lines.stream().map(line -> line.isBlank() ? "" : line.substring(indent)).toList();
    }

    private static List<String> stripTrailing(List<String> lines) {
        return lines.stream().map(String::stripTrailing).toList();
    }

    private String where(Path markdown, int index) {
        return repository.relativize(markdown) + ":" + (index + 1);
    }
}
