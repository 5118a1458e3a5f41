package dev.nsunit.internal.setup;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Optional;

import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import java.util.function.Function;

/**
 * nsunit's configuration parameters for how child JVMs are started: class-data archives and their cache, and
 * children started ahead of their tests.
 *
 * @param archive  whether children start from a class-data archive, made and cached automatically
 * @param cacheDir where archives are kept, if {@code nsunit.cache.dir} says; otherwise nsunit chooses where
 *                 archives are needed ({@code CacheDirectory})
 * @param warm     how many children may be started ahead of their tests and wait at once
 */
public record ChildStartConfig(boolean archive, Optional<Path> cacheDir, int warm) {

    static final String ARCHIVE = "nsunit.child.archive";
    static final String CACHE_DIR = "nsunit.cache.dir";
    static final String WARM = "nsunit.child.warm";

    /** Enough to keep every core starting a child while the current test runs. */
    static final int DEFAULT_WARM = Runtime.getRuntime().availableProcessors();

    public static ChildStartConfig from(Function<String, Optional<String>> parameters) {
        return new ChildStartConfig(
                parameters.apply(ARCHIVE).map(ChildStartConfig::parseArchive).orElse(true),
                parameters.apply(CACHE_DIR).map(ChildStartConfig::parseCacheDir),
                parameters.apply(WARM).map(ChildStartConfig::parseWarm).orElse(DEFAULT_WARM));
    }

    static int parseWarm(String value) {
        try {
            int warm = Integer.parseInt(value.trim());
            if (warm >= 0) {
                return warm;
            }
        }
        catch (NumberFormatException notANumber) {
            // reported below
        }
        throw new ExtensionConfigurationException("Configuration parameter " + WARM + " = \"" + value
                + "\" is not understood; use a whole number of children, 0 or more (0: start each child when its "
                + "test needs it; default: the number of processors, " + DEFAULT_WARM + ")");
    }

    static boolean parseArchive(String value) {
        return switch (value.trim()) {
            case "auto" -> true;
            case "off" -> false;
            default -> throw new ExtensionConfigurationException("Configuration parameter " + ARCHIVE + " = \""
                    + value + "\" is not understood; use \"auto\" (make and use class-data archives, the default) "
                    + "or \"off\"");
        };
    }

    static Path parseCacheDir(String value) {
        try {
            if (!value.isBlank()) {
                return Path.of(value.trim()).toAbsolutePath();
            }
        }
        catch (InvalidPathException invalid) {
            // reported below
        }
        throw new ExtensionConfigurationException("Configuration parameter " + CACHE_DIR + " = \"" + value
                + "\" is not a directory path; write the path of a directory, or remove the parameter to let nsunit "
                + "choose one");
    }
}
