package dev.nsunit.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.images.builder.ImageFromDockerfile;
import org.testcontainers.images.builder.Transferable;

import com.github.dockerjava.api.exception.NotFoundException;

/**
 * The image every container of it/ runs: no registry is reachable here, so it is built locally, {@code FROM scratch}
 * with a tiny root file system made below. It holds nothing but mount points and the usual symlinks into
 * {@code /usr}; the host's {@code /usr} (with the JDK, a shell and coreutils) is bound in read-only when a container
 * is created. The tar has fixed modes and times, so its content, and the image's tag, only change when this code
 * does: a built image ({@code nsunit-it-rootfs:<hash>}) is kept and reused by later runs.
 */
final class RootfsImage {

    private static final String REPOSITORY = "nsunit-it-rootfs";
    private static final long MTIME_MILLIS = 946_684_800_000L; // 2000-01-01, any fixed time will do

    private static String name;

    private RootfsImage() {
    }

    /** The image's name, building it first if Docker does not have it yet. */
    static synchronized String name() {
        if (name == null) {
            byte[] tar = rootfsTar();
            String candidate = REPOSITORY + ":" + sha256(tar).substring(0, 16);
            if (!exists(candidate)) {
                new ImageFromDockerfile(candidate, false)
                        .withDockerfileFromBuilder(dockerfile -> dockerfile.from("scratch").add("rootfs.tar", "/").build())
                        .withFileFromTransferable("rootfs.tar", Transferable.of(tar))
                        .get();
            }
            name = candidate;
        }
        return name;
    }

    private static boolean exists(String image) {
        try {
            DockerClientFactory.instance().client().inspectImageCmd(image).exec();
            return true;
        }
        catch (NotFoundException e) {
            return false;
        }
    }

    /**
     * Mount points for the kernel's file systems and the binds, {@code /tmp} for everyone, {@code /srv} and
     * {@code /mnt} (as on any Debian system) for what samples mount there, and a real {@code /sbin} (not a link into the read-only {@code /usr}) for the
     * {@code docker-init} that {@code --init} binds there. {@code lib64} is essential: it holds the ELF interpreter.
     */
    static byte[] rootfsTar() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            directory(tar, "dev", 0755);
            directory(tar, "etc", 0755);
            directory(tar, "mnt", 0755);
            directory(tar, "proc", 0555);
            directory(tar, "root", 0700);
            directory(tar, "sbin", 0755);
            directory(tar, "srv", 0755);
            directory(tar, "sys", 0555);
            directory(tar, "tmp", 01777);
            directory(tar, "usr", 0755);
            symlink(tar, "bin", "usr/bin");
            symlink(tar, "lib", "usr/lib");
            symlink(tar, "lib64", "usr/lib64");
            tar.finish();
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static void directory(TarArchiveOutputStream tar, String name, int mode) throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry(name + "/", TarConstants.LF_DIR);
        entry.setMode(TarArchiveEntry.DEFAULT_DIR_MODE & ~07777 | mode);
        add(tar, entry);
    }

    private static void symlink(TarArchiveOutputStream tar, String name, String target) throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry(name, TarConstants.LF_SYMLINK);
        entry.setLinkName(target);
        entry.setMode(0120777);
        add(tar, entry);
    }

    private static void add(TarArchiveOutputStream tar, TarArchiveEntry entry) throws IOException {
        entry.setModTime(MTIME_MILLIS);
        entry.setIds(0, 0);
        entry.setNames("root", "root");
        tar.putArchiveEntry(entry);
        tar.closeArchiveEntry();
    }

    private static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        }
        catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
