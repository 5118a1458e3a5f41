package dev.nsunit.benchmark;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A run as on a fresh CI machine: nsunit's cache directory ({@code nsunit.cache.dir}) empty, so the run digests
 * every jar, makes the class-data archive in a training run of its own, and starts the children before it without
 * one. Each run gets a new temporary directory, deleted after it.
 */
final class ColdCacheCase implements Case {

    private static final String CACHE_DIR = "nsunit.cache.dir";

    private final CaseInfo info;
    private final Class<?> fixture;

    ColdCacheCase(CaseInfo info, Class<?> fixture) {
        this.info = info;
        this.fixture = fixture;
    }

    @Override
    public CaseInfo info() {
        return info;
    }

    @Override
    public Timing run() throws Exception {
        Path cache = Files.createTempDirectory("nsunit-benchmark-cache-");
        try {
            return new LauncherCase(info, fixture, Map.of(CACHE_DIR, cache.toString())).run();
        }
        finally {
            Directories.deleteTree(cache);
        }
    }
}
