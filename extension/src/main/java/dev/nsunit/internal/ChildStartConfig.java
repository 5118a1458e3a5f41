package dev.nsunit.internal;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * nsunit's configuration parameters for how child JVMs are started: class-data archives and their cache.
 *
 * @param archive  whether children start from a class-data archive, made and cached automatically
 * @param cacheDir where archives are kept
 */
record ChildStartConfig(boolean archive, Path cacheDir) {

    static final String ARCHIVE = "nsunit.child.archive";
    static final String CACHE_DIR = "nsunit.cache.dir";

    static ChildStartConfig from(ExtensionContext context) {
        return new ChildStartConfig(
                context.getConfigurationParameter(ARCHIVE).map(ChildStartConfig::parseArchive).orElse(true),
                context.getConfigurationParameter(CACHE_DIR).map(ChildStartConfig::parseCacheDir)
                        .orElseGet(() -> defaultCacheDir(System.getenv(), System.getProperty("user.home"))));
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
                + "\" is not a directory path");
    }

    /** {@code $XDG_CACHE_HOME/nsunit}, or {@code ~/.cache/nsunit} where that variable is not set. */
    static Path defaultCacheDir(Map<String, String> environment, String userHome) {
        return Optional.ofNullable(environment.get("XDG_CACHE_HOME")).filter(home -> !home.isBlank())
                .map(Path::of).orElseGet(() -> Path.of(userHome, ".cache")).resolve("nsunit").toAbsolutePath();
    }
}
