package dev.nsunit.benchmark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class ChildPhasesTest {

    private static final List<String> CHILDREN = List.of(
            "boot=200.0/180.0 jnr=60.0/50.0 warm-up=300.0/250.0 run=100.0/90.0 | java:500.0 C1_CompilerThre:90.0",
            "boot=220.0/200.0 jnr=80.0/70.0 run=140.0/130.0 | java:520.0 C1_CompilerThre:110.0",
            "boot=210.0/190.0 jnr=70.0/60.0 warm-up=310.0/260.0 run=120.0/110.0 | java:510.0");
    private static final List<String> FLOORS = List.of(
            "boot=150.0/140.0 jnr=50.0/40.0 run=80.0/70.0 | java:280.0 C1_CompilerThre:40.0",
            "boot=170.0/160.0 jnr=70.0/60.0 run=100.0/90.0 | java:300.0 C1_CompilerThre:60.0");

    @Test
    void eachPhaseIsTheMedianAndMeanOfTheProcessAndTheMeanOfTheMainThreadOverTheJvmsThatHadIt() throws Exception {
        String report = ChildPhases.markdown(CHILDREN, FLOORS, 450);

        for (String row : List.of("| boot | 3 | 210.0 | 210.0 | 190.0 | 160.0 | 150.0 |",
                "| jnr | 3 | 70.0 | 70.0 | 60.0 | 60.0 | 50.0 |", "| warm-up | 2 | 305.0 | 305.0 | 255.0 | — | — |",
                "| run | 3 | 120.0 | 120.0 | 110.0 | 90.0 | 80.0 |",
                "| **whole JVM** | 3 | 660.0 | 603.3 | 530.0 | 310.0 | 280.0 |", "cost 450 ms per test")) {
            assertTrue(report.contains(row), () -> row + " in\n" + report);
        }
    }

    @Test
    void aPhaseOnlyLaterChildrenHadComesAfterThePhaseItFollowedInThem() throws Exception {
        // the run's first child was started for its test; the next, started ahead, discovered its test first
        String report = ChildPhases.markdown(List.of(
                "boot=200.0/180.0 setup=10.0/10.0 run=100.0/90.0 exit=5.0/5.0 | java:300.0",
                "boot=200.0/180.0 setup=10.0/10.0 discover=60.0/50.0 run=40.0/35.0 exit=5.0/5.0 | java:300.0"),
                FLOORS, 450);

        List<String> phases = report.lines().filter(line -> line.matches("\\| [a-z-]+ \\|.*"))
                .map(line -> line.split(" ")[1]).filter(name -> !name.equals("phase") && !name.equals("thread"))
                .toList();
        assertEquals(List.of("boot", "setup", "discover", "run", "exit"), phases);
    }

    @Test
    void eachThreadIsTheChildrensMedianAndMeanBesideTheFloorsMean() throws Exception {
        String report = ChildPhases.markdown(CHILDREN, FLOORS, 450);

        for (String row : List.of("| `java` | 3 | 510.0 | 510.0 | 290.0 |",
                "| `C1_CompilerThre` | 2 | 100.0 | 100.0 | 50.0 |")) {
            assertTrue(report.contains(row), () -> row + " in\n" + report);
        }
    }

    @Test
    void noLineFromTheChildrenMeansTheyWereNotToldAndFailsTheBenchmark() {
        BenchmarkFailure failure = assertThrows(BenchmarkFailure.class,
                () -> ChildPhases.markdown(List.of(), FLOORS, 450));
        assertTrue(failure.getMessage().contains("No child wrote its phases: was nsunit.internal.phases passed"),
                failure::getMessage);
    }

    @Test
    void noLineFromTheFloorMeansItWasNotToldAndFailsTheBenchmark() {
        BenchmarkFailure failure = assertThrows(BenchmarkFailure.class,
                () -> ChildPhases.markdown(CHILDREN, List.of(), 450));
        assertTrue(failure.getMessage().contains("No floor binding libc JVM wrote its phases"), failure::getMessage);
    }
}
