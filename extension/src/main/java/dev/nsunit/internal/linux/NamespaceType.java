package dev.nsunit.internal.linux;

/** The namespace types nsunit creates, with the clone flag and the {@code /proc/<pid>/ns} entry of each. */
public enum NamespaceType {

    UTS("UTS", "uts", Linux.CLONE_NEWUTS),
    MOUNT("mount", "mnt", Linux.CLONE_NEWNS);

    private final String displayName;
    private final String procName;
    private final int cloneFlag;

    NamespaceType(String displayName, String procName, int cloneFlag) {
        this.displayName = displayName;
        this.procName = procName;
        this.cloneFlag = cloneFlag;
    }

    /** How the type is named in messages: "UTS", "mount". */
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
