package dev.nsunit.internal.linux;

/** The namespace types nsunit creates, with the clone flag and the {@code /proc/<pid>/ns} entry of each. */
public enum NamespaceType {

    UTS("uts", Linux.CLONE_NEWUTS),
    MOUNT("mnt", Linux.CLONE_NEWNS);

    private final String procName;
    private final int cloneFlag;

    NamespaceType(String procName, int cloneFlag) {
        this.procName = procName;
        this.cloneFlag = cloneFlag;
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
