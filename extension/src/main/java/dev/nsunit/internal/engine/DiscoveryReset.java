package dev.nsunit.internal.engine;

import org.junit.platform.launcher.LauncherDiscoveryListener;
import org.junit.platform.launcher.LauncherDiscoveryRequest;

/** Forgets the previous discovery's claims when a launcher discovery starts (see {@link DiscoveryClaims}). */
public final class DiscoveryReset implements LauncherDiscoveryListener {

    @Override
    public void launcherDiscoveryStarted(LauncherDiscoveryRequest request) {
        DiscoveryClaims.reset();
    }
}
