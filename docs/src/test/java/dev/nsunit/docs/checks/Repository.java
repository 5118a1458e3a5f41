package dev.nsunit.docs.checks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The nsunit repository the checks read, found from the working directory (the docs module, or the top). */
final class Repository {

    private Repository() {
    }

    static Path root() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("docs/pom.xml"))
                    && Files.isRegularFile(dir.resolve("extension/pom.xml"))) {
                return dir;
            }
        }
        throw new IllegalStateException("Not inside the nsunit repository: " + Path.of("").toAbsolutePath());
    }

    /** Every Markdown file of the repository, build output and Git's own files left out. */
    static List<Path> markdownFiles() {
        Path root = root();
        try (Stream<Path> paths = Files.walk(root)) {
            return paths.filter(path -> path.toString().endsWith(".md"))
                    .filter(path -> !isBuildOrGit(root.relativize(path)))
                    .sorted().toList();
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean isBuildOrGit(Path relative) {
        for (Path part : relative) {
            String name = part.toString();
            if (name.equals("target") || name.startsWith(".")) {
                return true;
            }
        }
        return false;
    }
}
