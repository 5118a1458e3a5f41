package dev.nsunit.benchmark;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class ChildPhasesTest {

    @Test
    void eachPhaseAndThreadIsTheMedianOverTheChildrenThatHadIt() throws Exception {
        String report = ChildPhases.markdown(List.of(
                "boot=200.0 jnr=60.0 warm-up=300.0 run=100.0 | java:500.0 C1_CompilerThre:90.0",
                "boot=220.0 jnr=80.0 run=140.0 | java:520.0 C1_CompilerThre:110.0",
                "boot=210.0 jnr=70.0 warm-up=310.0 run=120.0 | java:510.0"), 450);

        for (String row : List.of("| boot | 3 | 210.0 | 210.0 |", "| jnr | 3 | 70.0 | 70.0 |",
                "| warm-up | 2 | 305.0 | 305.0 |", "| run | 3 | 120.0 | 120.0 |",
                "| **whole child** | 3 | 660.0 | 603.3 |", "| `java` | 3 | 510.0 | 510.0 |",
                "| `C1_CompilerThre` | 2 | 100.0 | 100.0 |", "cost 450 ms per test")) {
            assertTrue(report.contains(row), () -> row + " in\n" + report);
        }
    }

    @Test
    void noLineMeansTheChildrenWereNotToldAndFailsTheBenchmark() {
        BenchmarkFailure failure = assertThrows(BenchmarkFailure.class, () -> ChildPhases.markdown(List.of(), 450));
        assertTrue(failure.getMessage().contains("nsunit.internal.phases"), failure::getMessage);
    }
}
