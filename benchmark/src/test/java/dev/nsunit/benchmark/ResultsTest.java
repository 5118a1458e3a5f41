package dev.nsunit.benchmark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The arithmetic and layout of the report; nothing here is timed. */
class ResultsTest {

    private static final int IN_PLACE = 0;
    private static final int ISOLATED = 1;
    private static final int HELLO = 2;

    private static Results results() {
        return new Results(List.of(
                new CaseInfo("in place", 10, CaseInfo.Role.BASELINE),
                new CaseInfo("isolated", 10, CaseInfo.Role.MEASURED),
                new CaseInfo("hello", 2, CaseInfo.Role.REFERENCE)));
    }

    private static long ms(double millis) {
        return Math.round(millis * 1e6);
    }

    @Test
    void medianOfOddAndEvenCounts() {
        assertEquals(3.0, Results.median(5, 1, 3));
        assertEquals(2.5, Results.median(4, 1, 3, 2));
        assertEquals(7.0, Results.median(7));
        assertThrows(IllegalArgumentException.class, Results::median);
    }

    @Test
    void overheadIsTakenPairByPairWithinARoundBeforeTheMedian() {
        Results results = results();
        // per test: in place 1, 1, 9; isolated 101, 61, 89 -> overheads 100, 60, 80; per hello 50, 60, 40
        results.addRound(ms(10), ms(1010), ms(100));
        results.addRound(ms(10), ms(610), ms(120));
        results.addRound(ms(90), ms(890), ms(80));

        assertEquals(100.0, results.overheadMsPerTest(0, ISOLATED).getAsDouble(), 1e-9);
        assertEquals(80.0, results.median(results::overheadMsPerTest, ISOLATED).getAsDouble(), 1e-9);
        // ratios per round: 2.0, 1.0, 2.0; not median overhead / median hello (80 / 50 = 1.6)
        assertEquals(2.0, results.median(results::overheadPerReference, ISOLATED).getAsDouble(), 1e-9);
        assertEquals(61.0, results.msEach(1, ISOLATED), 1e-9);
        assertEquals(50.0, results.msEach(0, HELLO), 1e-9);
        assertEquals(100.0, results.wallMs(0, HELLO), 1e-9);
        assertTrue(results.overheadMsPerTest(0, IN_PLACE).isEmpty());
        assertTrue(results.overheadPerReference(0, HELLO).isEmpty());
    }

    @Test
    void tablesHaveARowPerCaseAndPerRoundAndCase() {
        Results results = results();
        results.addRound(ms(10), ms(1010), ms(100));
        results.addRound(ms(20), ms(1220), ms(200));

        String markdown = results.markdown("`java Hello`");

        assertTrue(markdown.contains("| isolated | 10 tests | 1115.0 | 111.50 | 110.0 | 1.60× |\n"), markdown);
        assertTrue(markdown.contains("| in place | 10 tests | 15.0 | 1.50 | baseline | — |\n"), markdown);
        assertTrue(markdown.contains("| hello | 2 JVMs | 150.0 | 75.00 | — | — |\n"), markdown);
        assertTrue(markdown.contains("| 2 | isolated | 1220.0 | 122.00 | 120.0 | 1.20× |\n"), markdown);
        assertEquals(2 + 3 + 2 + 6, markdown.lines().filter(line -> line.startsWith("|")).count(), markdown);
    }

    @Test
    void aRoundMustTimeEveryCase() {
        assertThrows(IllegalArgumentException.class, () -> results().addRound(1, 2));
    }

    @Test
    void everyCaseDoesSomethingAndTheRolesAreThere() {
        assertThrows(IllegalArgumentException.class, () -> new CaseInfo("nothing", 0, CaseInfo.Role.MEASURED));
        assertThrows(IllegalArgumentException.class, () -> new Results(List.of(
                new CaseInfo("in place", 10, CaseInfo.Role.BASELINE),
                new CaseInfo("isolated", 10, CaseInfo.Role.MEASURED))));
    }
}
