package dev.nsunit.internal.launch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LongRunningUnitsTest {

    private static final ChildCommand COMMAND = ChildCommand.of("/jdk/bin/java", "/a.jar", List.of(), List.of());
    private static final String UNIT = "[engine:nsunit]/[class:com.acme.SlowTest] 1";

    @TempDir
    Path cache;

    private final List<String> warnings = new ArrayList<>();

    @Test
    void aUnitWhoseChildTookMoreThanTenSecondsOfCpuRanLongInTheNextRun() {
        LongRunningUnits run = units();
        run.observe(UNIT, Duration.ofMillis(10_001), false);
        assertThat(run.ranLong(UNIT)).as("within the run that saw it").isFalse();
        run.save();

        assertThat(units().ranLong(UNIT)).isTrue();
        assertThat(warnings).isEmpty();
    }

    @Test
    void aUnitWhoseChildTookTenSecondsOrLessIsNotListed() {
        LongRunningUnits run = units();
        run.observe(UNIT, Duration.ofSeconds(10), false);
        run.save();

        assertThat(units().ranLong(UNIT)).isFalse();
        assertThat(cache).isEmptyDirectory();
    }

    @Test
    void aListedUnitStaysListedWhileItsChildStartedForALongRunTakesMoreThanFiveSeconds() {
        listed(UNIT);

        LongRunningUnits run = units();
        run.observe(UNIT, Duration.ofMillis(5_001), true);
        run.save();

        assertThat(units().ranLong(UNIT)).isTrue();
    }

    @Test
    void aListedUnitWhoseChildStartedForALongRunTookFiveSecondsOrLessIsListedNoMore() {
        listed(UNIT);

        LongRunningUnits run = units();
        run.observe(UNIT, Duration.ofSeconds(5), true);
        run.save();

        assertThat(units().ranLong(UNIT)).isFalse();
    }

    @Test
    void eachCommandHasAListOfItsOwn() {
        listed(UNIT);

        ChildCommand other = ChildCommand.of("/jdk/bin/java", "/b.jar", List.of(), List.of());
        assertThat(LongRunningUnits.in(Optional.of(cache), other, warnings::add).ranLong(UNIT)).isFalse();
    }

    @Test
    void aRunThatChangedNothingLeavesTheListAsItWas() throws IOException {
        Path list = listed(UNIT);
        Files.setLastModifiedTime(list, java.nio.file.attribute.FileTime.fromMillis(0));

        LongRunningUnits run = units();
        run.observe(UNIT, Duration.ofSeconds(30), true);
        run.save();

        assertThat(Files.getLastModifiedTime(list).toMillis()).isZero();
    }

    @Test
    void aDamagedListCountsAsEmptyAndIsReplaced() throws IOException {
        Path list = listed(UNIT);
        Files.write(list, new byte[] {(byte) 0xff, (byte) 0xfe, 'x'});

        LongRunningUnits run = units();
        assertThat(run.ranLong(UNIT)).isFalse();
        run.save();

        assertThat(Files.readAllLines(list, StandardCharsets.UTF_8)).containsExactly("nsunit long-running units 1");
        assertThat(warnings).isEmpty();
    }

    @Test
    void aListThatCannotBeWrittenIsReportedOnceAndTheRunGoesOn() throws IOException {
        Path notADirectory = Files.writeString(cache.resolve("file"), "");
        for (int run = 0; run < 2; run++) {
            LongRunningUnits units = LongRunningUnits.in(Optional.of(notADirectory), COMMAND, warnings::add);
            units.observe(UNIT, Duration.ofSeconds(30), false);
            units.save();
        }

        assertThat(warnings).singleElement().asString().startsWith("nsunit: cannot record in " + notADirectory
                + " which tests' child JVMs ran long (java.nio.file.FileAlreadyExistsException: ")
                .endsWith("); their next children start with C1 alone, as every other test's");
    }

    @Test
    void withoutACacheDirectoryNothingIsKept() {
        LongRunningUnits run = LongRunningUnits.in(Optional.empty(), COMMAND, warnings::add);
        run.observe(UNIT, Duration.ofSeconds(30), false);
        run.save();

        assertThat(LongRunningUnits.in(Optional.empty(), COMMAND, warnings::add).ranLong(UNIT)).isFalse();
        assertThat(warnings).isEmpty();
    }

    private LongRunningUnits units() {
        return LongRunningUnits.in(Optional.of(cache), COMMAND, warnings::add);
    }

    /** The list of a run in which the unit's child ran long. */
    private Path listed(String unit) {
        LongRunningUnits run = units();
        run.observe(unit, LongRunningUnits.LONG.plusSeconds(1), false);
        run.save();
        try (var files = Files.list(cache)) {
            return files.filter(file -> file.toString().endsWith(LongRunningUnits.SUFFIX)).findFirst().orElseThrow();
        }
        catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
