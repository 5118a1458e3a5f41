package dev.nsunit.benchmark;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The goals table: the median of the values derived per round, their range, and whether the median meets it. */
class GoalsTest {

    @Test
    void eachGoalShowsItsMedianRangeTargetAndVerdict() {
        Goals goals = new Goals();
        Goals.Goal overhead = goals.define("overhead", "ms", "≤ 150 ms", value -> value <= 150);
        Goals.Goal ratio = goals.define("ratio", "ratio", "≤ 0.2", value -> value <= 0.2);
        for (double value : new double[] {200, 120, 140}) {
            goals.add(overhead, value);
        }
        goals.add(ratio, 0.31);

        String table = goals.markdown();

        assertTrue(table.contains("| overhead | 140 ms | 120 ms – 200 ms | ≤ 150 ms | yes |"), table);
        assertTrue(table.contains("| ratio | 0.31 | 0.31 – 0.31 | ≤ 0.2 | **no** |"), table);
    }

    @Test
    void aValueWithoutATargetIsShownButNotJudged() {
        Goals goals = new Goals();
        Goals.Goal shown = goals.define("floor CPU per test", "ms", Goals.SHOWN, value -> true);
        goals.add(shown, 546);

        assertTrue(goals.markdown().contains("| floor CPU per test | 546 ms | 546 ms – 546 ms | — | — |"),
                goals.markdown());
    }

    @Test
    void aGoalWithoutValuesIsLeftOut() {
        Goals goals = new Goals();
        goals.define("never measured", "ms", "—", value -> true);

        assertTrue(!goals.markdown().contains("never measured"));
    }
}
