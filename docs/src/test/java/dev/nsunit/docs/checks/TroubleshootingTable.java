package dev.nsunit.docs.checks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The troubleshooting table of a Markdown file: the rows of the tables in a section. A row explains a
 * message when it holds the message's literal fragments in order (the computed parts in between are written as
 * placeholders such as {@code <path>}, or as an example value).
 */
final class TroubleshootingTable {

    /** One row: its line number in the file and its text, with Markdown's code marks and escaped pipes undone. */
    record Row(int line, String text) {

        boolean explains(LibraryMessages.Message message) {
            int from = 0;
            for (String fragment : message.fragments()) {
                int found = text.indexOf(fragment, from);
                if (found < 0) {
                    return false;
                }
                from = found + fragment.length();
            }
            return true;
        }
    }

    private TroubleshootingTable() {
    }

    /**
     * The body rows of every table after the heading, up to the next heading of the same or a higher level; none if
     * there is no such heading.
     */
    static List<Row> rows(Path markdown, String heading) throws IOException {
        List<String> lines = Files.readAllLines(markdown);
        int start = lines.indexOf(heading);
        List<Row> rows = new ArrayList<>();
        if (start < 0) {
            return rows;
        }
        boolean inTable = false;
        for (int i = start + 1; i < lines.size() && !endsSection(lines.get(i), level(heading)); i++) {
            String line = lines.get(i);
            boolean headerRow = line.startsWith("|") && !inTable;
            inTable = line.startsWith("|");
            if (inTable && !headerRow && !line.matches("\\|[-:| ]+\\|")) {
                rows.add(new Row(i + 1, line.replace("`", "").replace("\\|", "|")));
            }
        }
        return rows;
    }

    private static boolean endsSection(String line, int level) {
        return line.startsWith("#") && level(line) <= level;
    }

    private static int level(String heading) {
        int level = 0;
        while (level < heading.length() && heading.charAt(level) == '#') {
            level++;
        }
        return level;
    }
}
