package dev.nsunit.benchmark;

import static dev.nsunit.benchmark.Results.Measure.CPU;
import static dev.nsunit.benchmark.Results.Measure.WALL;
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

    /** A run's times: wall and CPU, in milliseconds. */
    private static Timing ms(double wallMillis, double cpuMillis) {
        return Timing.ofChildren(Math.round(wallMillis * 1e6), Math.round(cpuMillis * 1e6));
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
        results.addRound(ms(10, 0), ms(1010, 0), ms(100, 0));
        results.addRound(ms(10, 0), ms(610, 0), ms(120, 0));
        results.addRound(ms(90, 0), ms(890, 0), ms(80, 0));

        assertEquals(100.0, results.overheadMsPerTest(WALL, 0, ISOLATED).getAsDouble(), 1e-9);
        assertEquals(80.0, results.median((round, c) -> results.overheadMsPerTest(WALL, round, c), ISOLATED)
                .getAsDouble(), 1e-9);
        // ratios per round: 2.0, 1.0, 2.0; not median overhead / median hello (80 / 50 = 1.6)
        assertEquals(2.0, results.median((round, c) -> results.overheadPerReference(WALL, round, c), ISOLATED)
                .getAsDouble(), 1e-9);
        assertEquals(61.0, results.msEach(WALL, 1, ISOLATED), 1e-9);
        assertEquals(50.0, results.msEach(WALL, 0, HELLO), 1e-9);
        assertEquals(100.0, results.ms(WALL, 0, HELLO), 1e-9);
        assertTrue(results.overheadMsPerTest(WALL, 0, IN_PLACE).isEmpty());
        assertTrue(results.overheadPerReference(WALL, 0, HELLO).isEmpty());
    }

    @Test
    void cpuIsDerivedLikeWallButFromTheCpuTimesAlone() {
        Results results = results();
        // CPU per test: in place 2, isolated 302 -> overhead 300; per hello's CPU (100 each) 3.0
        results.addRound(ms(10, 20), ms(1010, 3020), ms(100, 200));

        assertEquals(3020.0, results.ms(CPU, 0, ISOLATED), 1e-9);
        assertEquals(302.0, results.msEach(CPU, 0, ISOLATED), 1e-9);
        assertEquals(300.0, results.overheadMsPerTest(CPU, 0, ISOLATED).getAsDouble(), 1e-9);
        assertEquals(3.0, results.overheadPerReference(CPU, 0, ISOLATED).getAsDouble(), 1e-9);
        assertEquals(100.0, results.overheadMsPerTest(WALL, 0, ISOLATED).getAsDouble(), 1e-9);
    }

    @Test
    void tablesHaveARowPerCaseAndPerRoundAndCaseWithEachCpuColumnBesideItsWallColumn() {
        Results results = results();
        results.addRound(ms(10, 20), ms(1010, 3020), ms(100, 200));
        results.addRound(ms(20, 40), ms(1220, 2040), ms(200, 400));

        String markdown = results.markdown("`java Hello`");

        assertTrue(markdown.contains("| case | per run | wall ms per run | CPU ms per run | wall ms each | CPU ms each "
                + "| overhead ms per test | CPU overhead ms per test | overhead / `java Hello` "
                + "| CPU overhead / `java Hello` CPU |\n"), markdown);
        assertTrue(markdown.contains("| isolated | 10 tests | 1115.0 | 2530.0 | 111.50 | 253.00 | 110.0 | 250.0 "
                + "| 1.60× | 2.00× |\n"), markdown);
        assertTrue(markdown.contains("| in place | 10 tests | 15.0 | 30.0 | 1.50 | 3.00 | baseline | baseline | — "
                + "| — |\n"), markdown);
        assertTrue(markdown.contains("| hello | 2 JVMs | 150.0 | 300.0 | 75.00 | 150.00 | — | — | — | — |\n"),
                markdown);
        assertTrue(markdown.contains("| 2 | isolated | 1220.0 | 2040.0 | 122.00 | 204.00 | 120.0 | 200.0 | 1.20× "
                + "| 1.00× |\n"), markdown);
        assertEquals(2 + 3 + 2 + 6, markdown.lines().filter(line -> line.startsWith("|")).count(), markdown);
    }

    @Test
    void aRoundMustTimeEveryCase() {
        assertThrows(IllegalArgumentException.class, () -> results().addRound(ms(1, 1), ms(2, 2)));
    }

    @Test
    void everyCaseDoesSomethingAndTheRolesAreThere() {
        assertThrows(IllegalArgumentException.class, () -> new CaseInfo("nothing", 0, CaseInfo.Role.MEASURED));
        assertThrows(IllegalArgumentException.class, () -> new Results(List.of(
                new CaseInfo("in place", 10, CaseInfo.Role.BASELINE),
                new CaseInfo("isolated", 10, CaseInfo.Role.MEASURED))));
    }
}
