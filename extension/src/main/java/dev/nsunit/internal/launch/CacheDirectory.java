package dev.nsunit.internal.launch;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Where class-data archives are kept when {@code nsunit.cache.dir} does not say: the first of these directories that
 * this user may write, or create.
 * <ol>
 * <li>{@code $XDG_CACHE_HOME/nsunit}, as the XDG convention has it;</li>
 * <li>{@code $HOME/.cache/nsunit}: before {@code user.home}, which Java reads from the password database, not from
 * {@code HOME}, so a user whose entry names no home ({@code nobody}'s is {@code /nonexistent}) gets the one the build
 * gave it;</li>
 * <li>{@code <user.home>/.cache/nsunit};</li>
 * <li>{@code <java.io.tmpdir>/nsunit-<uid>}: in a directory every user may write, so it is made for this user alone
 * (mode 0700), and one that another user made, or may write, is refused: archives are code the children run.</li>
 * </ol>
 * Relative values of the variables are ignored, as the XDG convention asks.
 */
public final class CacheDirectory {

    private CacheDirectory() {
    }

    /** What the choice depends on: the environment variables, {@code user.home}, {@code java.io.tmpdir}, the uid. */
    record Environment(Map<String, String> variables, String userHome, String temporaryDirectory, long uid) {

        static Environment ofThisJvm() {
            return new Environment(System.getenv(), System.getProperty("user.home"),
                    System.getProperty("java.io.tmpdir"), currentUid());
        }
    }

    /** The directories tried for this JVM, in order. */
    public static List<Path> candidates() {
        return candidates(Environment.ofThisJvm());
    }

    /** The first of the candidates that this user may write or create, if one is. */
    public static Optional<Path> forThisUser() {
        Environment environment = Environment.ofThisJvm();
        List<Path> candidates = candidates(environment);
        Path shared = candidates.get(candidates.size() - 1);
        return first(candidates, candidate -> candidate.equals(shared) ? ownPrivate(candidate, environment.uid())
                : writableOrCreatable(candidate));
    }

    static List<Path> candidates(Environment environment) {
        List<Path> candidates = new ArrayList<>();
        absolute(environment.variables().get("XDG_CACHE_HOME")).ifPresent(xdg -> candidates.add(xdg.resolve("nsunit")));
        absolute(environment.variables().get("HOME")).map(home -> home.resolve(".cache/nsunit"))
                .filter(home -> !candidates.contains(home)).ifPresent(candidates::add);
        absolute(environment.userHome()).map(home -> home.resolve(".cache/nsunit"))
                .filter(home -> !candidates.contains(home)).ifPresent(candidates::add);
        candidates.add(absolute(environment.temporaryDirectory()).orElse(Path.of("/tmp"))
                .resolve("nsunit-" + environment.uid()));
        return candidates;
    }

    static Optional<Path> first(List<Path> candidates, Predicate<Path> usable) {
        return candidates.stream().filter(usable).findFirst();
    }

    /** An existing directory this user may write, or a path whose nearest existing ancestor is one. */
    static boolean writableOrCreatable(Path directory) {
        for (Path path = directory; path != null; path = path.getParent()) {
            if (Files.exists(path)) {
                return Files.isDirectory(path) && Files.isWritable(path);
            }
        }
        return false;
    }

    /**
     * Whether the directory is this user's alone, made so (mode 0700) if it did not exist: a directory, not a link,
     * owned by this uid, and writable by no one else.
     */
    static boolean ownPrivate(Path directory, long uid) {
        try {
            Files.createDirectory(directory, PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwx------")));
        }
        catch (FileAlreadyExistsException made) {
            // made earlier: by this user, or by another, which is checked below
        }
        catch (IOException | UnsupportedOperationException cannot) {
            return false;
        }
        try {
            PosixFileAttributes attributes = Files.readAttributes(directory, PosixFileAttributes.class,
                    LinkOption.NOFOLLOW_LINKS);
            Object owner = Files.getAttribute(directory, "unix:uid", LinkOption.NOFOLLOW_LINKS);
            return attributes.isDirectory() && owner instanceof Number number && number.longValue() == uid
                    && !attributes.permissions().contains(PosixFilePermission.GROUP_WRITE)
                    && !attributes.permissions().contains(PosixFilePermission.OTHERS_WRITE)
                    && Files.isWritable(directory);
        }
        catch (IOException | UnsupportedOperationException | IllegalArgumentException unreadable) {
            return false;
        }
    }

    private static Optional<Path> absolute(String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        try {
            Path path = Path.of(value.strip());
            return path.isAbsolute() ? Optional.of(path.normalize()) : Optional.empty();
        }
        catch (InvalidPathException invalid) {
            return Optional.empty();
        }
    }

    /** This process's uid: the owner of its {@code /proc/self}. */
    private static long currentUid() {
        try {
            return ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).longValue();
        }
        catch (IOException | UnsupportedOperationException | IllegalArgumentException | ClassCastException unknown) {
            // Then no directory under java.io.tmpdir can be shown to be this user's own, and none is used.
            return -1;
        }
    }
}
