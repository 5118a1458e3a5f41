package dev.nsunit.it;

import java.util.ArrayList;
import java.util.List;

/**
 * What a container is started with, as a user would write it on the {@code docker run} command line; each scenario
 * of it/ names the flags the README tells users to use (or not to need).
 */
record ContainerFlags(List<String> capAdd, List<String> securityOpts, boolean privileged, boolean unmaskedProc) {

    /** What the README asks for: EnvironmentProbe's advice, plus NET_ADMIN for {@code @IsolatedNetwork}. */
    static final ContainerFlags CI = new ContainerFlags(List.of("SYS_ADMIN", "NET_ADMIN"),
            List.of("seccomp=unconfined", "apparmor=unconfined"), false, false);
    /** Only the capability, with Docker's default seccomp (and AppArmor) profile. */
    static final ContainerFlags SYS_ADMIN_ONLY = new ContainerFlags(List.of("SYS_ADMIN"), List.of(), false, false);
    /** A plain {@code docker run}. */
    static final ContainerFlags DEFAULT = new ContainerFlags(List.of(), List.of(), false, false);
    /** {@code --privileged}, what GitLab's {@code privileged = true} runners use. */
    static final ContainerFlags PRIVILEGED = new ContainerFlags(List.of(), List.of(), true, false);
    /** No capability, but no seccomp filter: what user namespaces need in Docker. */
    static final ContainerFlags SECCOMP_UNCONFINED =
            new ContainerFlags(List.of(), List.of("seccomp=unconfined"), false, false);
    /** As SECCOMP_UNCONFINED, and nothing of /proc masked: what a PID namespace with a fresh /proc needs too. */
    static final ContainerFlags SECCOMP_AND_PROC_UNCONFINED =
            new ContainerFlags(List.of(), List.of("seccomp=unconfined"), false, true);

    /** As on the {@code docker run} command line. */
    String dockerRunFlags() {
        List<String> flags = new ArrayList<>();
        if (privileged) {
            flags.add("--privileged");
        }
        capAdd.forEach(cap -> flags.add("--cap-add " + cap));
        securityOpts.forEach(opt -> flags.add("--security-opt " + opt));
        if (unmaskedProc) {
            flags.add("--security-opt systempaths=unconfined");
        }
        return flags.isEmpty() ? "(no flags)" : String.join(" ", flags);
    }

    @Override
    public String toString() {
        return dockerRunFlags();
    }
}
