package dev.nsunit.docs.checks;

import java.util.ArrayList;
import java.util.List;

/** A line-by-line diff, for failure messages: common lines start with a space, removed with -, added with +. */
final class LineDiff {

    private LineDiff() {
    }

    static String of(List<String> from, List<String> to) {
        // Longest common subsequence of lines, then a walk that emits each line once.
        int[][] common = new int[from.size() + 1][to.size() + 1];
        for (int i = from.size() - 1; i >= 0; i--) {
            for (int j = to.size() - 1; j >= 0; j--) {
                common[i][j] = from.get(i).equals(to.get(j)) ? common[i + 1][j + 1] + 1
                        : Math.max(common[i + 1][j], common[i][j + 1]);
            }
        }
        List<String> diff = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < from.size() || j < to.size()) {
            if (i < from.size() && j < to.size() && from.get(i).equals(to.get(j))) {
                diff.add("    " + from.get(i++));
                j++;
            }
            else if (i < from.size() && (j == to.size() || common[i + 1][j] >= common[i][j + 1])) {
                diff.add("  - " + from.get(i++));
            }
            else {
                diff.add("  + " + to.get(j++));
            }
        }
        return String.join("\n", diff);
    }
}
