package dev.nsunit.internal.launch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Digests are remembered across runs while a file is unchanged, and never once it was written to. */
class DigestIndexTest {

    @TempDir
    Path temp;

    @Test
    void aLaterRunTakesTheRememberedDigestOfAnUnchangedFile() throws Exception {
        Path jar = Files.writeString(temp.resolve("a.jar"), "AAAA");
        DigestIndex firstRun = DigestIndex.in(temp);
        assertThat(firstRun.digest(jar)).isEqualTo(DigestIndex.compute(jar));
        firstRun.save();
        rememberAnotherDigest("remembered");

        assertThat(DigestIndex.in(temp).digest(jar)).as("not read again").isEqualTo("remembered");
    }

    @Test
    void aFileWrittenToIsReadAgainEvenWithItsSizeAndModificationTimeRestored() throws Exception {
        Path jar = Files.writeString(temp.resolve("a.jar"), "AAAA");
        FileTime modified = Files.getLastModifiedTime(jar);
        DigestIndex firstRun = DigestIndex.in(temp);
        firstRun.digest(jar);
        firstRun.save();
        rememberAnotherDigest("remembered");

        Thread.sleep(10);
        Files.writeString(jar, "BBBB");
        Files.setLastModifiedTime(jar, modified);

        assertThat(DigestIndex.in(temp).digest(jar)).isEqualTo(DigestIndex.compute(jar)).isNotEqualTo("remembered");
    }

    @Test
    void aDamagedOrMissingIndexOnlyMeansDigestsAreComputedAgain() throws Exception {
        Path jar = Files.writeString(temp.resolve("a.jar"), "AAAA");
        Files.write(temp.resolve(DigestIndex.FILE_NAME), new byte[] {(byte) 0xff, 0, '\n', '\t'});

        assertThat(DigestIndex.in(temp).digest(jar)).isEqualTo(DigestIndex.compute(jar));
        assertThat(DigestIndex.in(temp.resolve("missing")).digest(jar)).isEqualTo(DigestIndex.compute(jar));
    }

    @Test
    void entriesOfFilesGoneOrWrittenSinceAreDroppedWhenTheIndexIsWritten() throws Exception {
        Path kept = Files.writeString(temp.resolve("kept.jar"), "AAAA");
        Path deleted = Files.writeString(temp.resolve("deleted jar.jar"), "BBBB");
        Path rewritten = Files.writeString(temp.resolve("rewritten.jar"), "CCCC");
        DigestIndex firstRun = DigestIndex.in(temp);
        for (Path each : List.of(kept, deleted, rewritten)) {
            firstRun.digest(each);
        }
        firstRun.save();
        Files.delete(deleted);
        Thread.sleep(10);
        Files.writeString(rewritten, "DDDD");

        DigestIndex secondRun = DigestIndex.in(temp);
        secondRun.digest(rewritten);
        secondRun.save();

        String rewrittenDigest = DigestIndex.compute(rewritten);
        assertThat(Files.readAllLines(temp.resolve(DigestIndex.FILE_NAME))).hasSize(2)
                .anyMatch(line -> line.startsWith(kept + " "))
                .anyMatch(line -> line.startsWith(rewritten + " ") && line.endsWith(rewrittenDigest));
    }

    /** Replaces every remembered digest, so that a run that uses the index is told apart from one that reads. */
    private void rememberAnotherDigest(String digest) throws Exception {
        Path index = temp.resolve(DigestIndex.FILE_NAME);
        List<String> lines = Files.readAllLines(index).stream()
                .map(line -> line.substring(0, line.indexOf('\t') + 1) + digest).toList();
        assertThat(lines).hasSize(1);
        Files.write(index, lines);
    }
}
