package dev.nsunit;

/**
 * The Linux namespace types nsunit can give a test, for {@link Namespaces @Namespaces}. Each has an annotation
 * of its own too; the two ways mean exactly the same, so this test could as well be annotated
 * {@code @IsolatedNetwork @IsolatedIpc}:
 *
 * <pre>{@code
 * @Namespaces({Namespace.NETWORK, Namespace.IPC})
 * class QuietNeighbourTest {
 *     @Test
 *     void seesOnlyItsOwnLoopback() throws Exception {
 *         assertEquals(List.of("lo"), NetworkInterface.networkInterfaces().map(NetworkInterface::getName).toList());
 *     }
 * }
 * }</pre>
 */
public enum Namespace {

    /** Mount table; see {@link IsolatedMount}. */
    MOUNT,
    /** Hostname and NIS domain name; see {@link IsolatedUts}. */
    UTS,
    /** System V IPC objects and POSIX message queues; see {@link IsolatedIpc}. */
    IPC,
    /** Network interfaces, addresses, ports and routes; see {@link IsolatedNetwork}. */
    NETWORK,
    /** Process ids; see {@link IsolatedPid}. */
    PID,
    /** User and group ids and capabilities; see {@link IsolatedUser}. */
    USER,
    /** The root of the cgroup hierarchies seen; see {@link IsolatedCgroup}. */
    CGROUP,
    /** CLOCK_MONOTONIC and CLOCK_BOOTTIME, here unmoved; see {@link IsolatedTime} for offsets. */
    TIME
}
