package dev.nsunit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.nsunit.internal.linux.Linux;
import dev.nsunit.internal.linux.NamespaceInodes;
import dev.nsunit.internal.linux.NamespaceSetup;
import dev.nsunit.internal.linux.NamespaceType;
import dev.nsunit.internal.linux.NotInNewNamespaceException;
import dev.nsunit.internal.linux.UserMapping;
import dev.nsunit.support.HostUnchanged;
import dev.nsunit.support.NeedsNamespaces;

/** The last line of defence: setup code run in the host's own namespaces must refuse and change nothing. */
@ExtendWith(HostUnchanged.class)
class NamespaceSetupSafetyTest {

    @Test
    void refusesToSetTheHostnameInTheParentsUtsNamespace() {
        NamespaceSetup setup = new NamespaceSetup(EnumSet.of(NamespaceType.UTS), "must-not-leak", "", List.of(), List.of(),
                List.of(), List.of(), UserMapping.IDENTITY, false);

        assertThatThrownBy(() -> setup.apply(Linux.get(), NamespaceInodes.ofCurrentThread()))
                .isInstanceOf(NotInNewNamespaceException.class)
                .hasMessageContaining("uts namespace")
                .hasMessageContaining("is the parent's");
    }

    @Test
    void refusesToMountInTheParentsMountNamespace() {
        NamespaceSetup setup = new NamespaceSetup(EnumSet.of(NamespaceType.MOUNT), "", "", List.of(), List.of("/srv"),
                List.of(), List.of("/srv"), UserMapping.IDENTITY, false);

        assertThatThrownBy(() -> setup.apply(Linux.get(), NamespaceInodes.ofCurrentThread()))
                .isInstanceOf(NotInNewNamespaceException.class)
                .hasMessageContaining("mnt namespace");
    }

    @ParameterizedTest
    @EnumSource(NamespaceType.class)
    void refusesEveryTypeInTheParentsNamespaces(NamespaceType type) {
        // For PID with MOUNT, setup would mount /proc; for NETWORK it would bring loopback up; neither may happen.
        NamespaceSetup setup = NamespaceSetup.bare(EnumSet.of(type, NamespaceType.MOUNT));

        assertThatThrownBy(() -> setup.apply(Linux.get(), NamespaceInodes.ofCurrentThread()))
                .isInstanceOf(NotInNewNamespaceException.class);
    }

    @Test
    @NeedsNamespaces
    void refusesEverythingIfOnlyOneRequestedTypeIsNew() throws Exception {
        // A thread in a new UTS namespace but the host's mount namespace must not even set the hostname.
        NamespaceInodes parent = NamespaceInodes.ofCurrentThread();
        NamespaceSetup setup = new NamespaceSetup(EnumSet.of(NamespaceType.UTS, NamespaceType.MOUNT), "half-new", "",
                List.of(), List.of(), List.of(), List.of(), UserMapping.IDENTITY, false);
        Throwable[] thrown = new Throwable[1];
        String[] hostnameSeen = new String[1];
        Thread thread = new Thread(() -> {
            try {
                Linux.get().unshare(NamespaceType.UTS.cloneFlag());
                setup.apply(Linux.get(), parent);
            }
            catch (Throwable t) {
                thrown[0] = t;
            }
            hostnameSeen[0] = hostnameOfThisThread();
        });
        thread.start();
        thread.join();

        assertThat(thrown[0]).isInstanceOf(NotInNewNamespaceException.class).hasMessageContaining("mnt namespace");
        assertThat(hostnameSeen[0]).isNotEqualTo("half-new");
    }

    /** procfs answers for the UTS namespace of the reading thread. */
    private static String hostnameOfThisThread() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
