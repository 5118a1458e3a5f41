package dev.nsunit.internal.linux;

/** The namespace types nsunit creates, with the clone flag and the {@code /proc/<pid>/ns} entry of each. */
public enum NamespaceType {

    // In creation order: a user namespace first, so that it owns all the others.
    USER("user", "user", "user", Linux.CLONE_NEWUSER, "CLONE_NEWUSER", "--user"),
    UTS("UTS", "uts", "uts", Linux.CLONE_NEWUTS, "CLONE_NEWUTS", "--uts"),
    MOUNT("mount", "mnt", "mnt", Linux.CLONE_NEWNS, "CLONE_NEWNS", "--mount"),
    IPC("IPC", "ipc", "ipc", Linux.CLONE_NEWIPC, "CLONE_NEWIPC", "--ipc"),
    NETWORK("network", "net", "net", Linux.CLONE_NEWNET, "CLONE_NEWNET", "--net"),
    // unshare(CLONE_NEWPID) moves only the caller's future children, which pid_for_children names.
    PID("PID", "pid", "pid_for_children", Linux.CLONE_NEWPID, "CLONE_NEWPID", "--pid"),
    // unshare(CLONE_NEWCGROUP) moves the caller at once; the new namespace's root is the caller's cgroup then.
    CGROUP("cgroup", "cgroup", "cgroup", Linux.CLONE_NEWCGROUP, "CLONE_NEWCGROUP", "--cgroup"),
    // Like PID, unshare(CLONE_NEWTIME) moves only the caller's future children, which time_for_children names.
    TIME("time", "time", "time_for_children", Linux.CLONE_NEWTIME, "CLONE_NEWTIME", "--time");

    private final String displayName;
    private final String procName;
    private final String procNameForChildren;
    private final int cloneFlag;
    private final String cloneFlagName;
    private final String unshareOption;

    NamespaceType(String displayName, String procName, String procNameForChildren, int cloneFlag,
            String cloneFlagName, String unshareOption) {
        this.displayName = displayName;
        this.procName = procName;
        this.procNameForChildren = procNameForChildren;
        this.cloneFlag = cloneFlag;
        this.cloneFlagName = cloneFlagName;
        this.unshareOption = unshareOption;
    }

    /** The entry under {@code /proc/thread-self/ns/} naming the namespace a new child would be born in. */
    public String procNameForChildren() {
        return procNameForChildren;
    }

    public String cloneFlagName() {
        return cloneFlagName;
    }

    /** The option of util-linux's {@code unshare} command that creates this type. */
    public String unshareOption() {
        return unshareOption;
    }

    /** How the type is named in messages: "UTS", "mount", "network". */
    public String displayName() {
        return displayName;
    }

    /** The entry under {@code /proc/thread-self/ns/}. */
    public String procName() {
        return procName;
    }

    public int cloneFlag() {
        return cloneFlag;
    }

    public static int cloneFlags(Iterable<NamespaceType> types) {
        int flags = 0;
        for (NamespaceType type : types) {
            flags |= type.cloneFlag;
        }
        return flags;
    }
}
