package dev.nsunit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Lets the isolated tests it applies to keep the host's root privileges: their child is not hardened. Like
 * {@code docker run --privileged}, it is for a test that truly needs the host's root, for example to mount a block
 * device or load a kernel module.
 *
 * <p>Without it, a child of a test JVM that runs as root (or holds {@code CAP_SYS_ADMIN}) is hardened: its namespaces
 * are owned by a new user namespace that maps every id to itself, so it keeps root's access to files but its
 * capabilities reach only its own namespaces, and the kernel's global knobs ({@code /proc/sys}, {@code /sys},
 * {@code /proc/sysrq-trigger}, ...) are read-only in its own mount namespace, except those of the namespaces it has
 * anew (network sysctls with {@link IsolatedNetwork}, the hostname with {@link IsolatedUts}, IPC limits with
 * {@link IsolatedIpc}). A hardened test cannot remount the host's filesystems, join the host's namespaces, write a
 * global sysctl or set the host's hostname; see the user guide's "Why the host is safe".
 *
 * <pre>{@code
 * @Privileged
 * @IsolatedMount(tmpfs = "/mnt/image")
 * class LoopDeviceTest {
 *     @Test
 *     void mountsAnImage() throws Exception { ... }   // mount -o loop needs the host's root
 * }
 * }</pre>
 *
 * <p>On its own it isolates nothing, and where the test JVM is neither root nor holds {@code CAP_SYS_ADMIN} it
 * changes nothing: such a child has no power over the host to keep. A privileged child's changes to what its
 * namespaces do not isolate reach the host.
 * {@link Inherited}, usable as a meta-annotation.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
public @interface Privileged {
}
