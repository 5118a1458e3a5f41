package dev.nsunit.internal.linux;

/**
 * A line a test adds to its child's {@code /etc/hosts}: a name that resolves to an address there and nowhere
 * else. Both are checked before any process exists (see {@code SetupValidation}).
 *
 * @param name    a host name, such as {@code db.example}
 * @param address an IPv4 or IPv6 address in text form, such as {@code 127.0.0.1}
 */
public record HostsEntry(String name, String address) {

    /** The line in {@code /etc/hosts}'s format. */
    String line() {
        return address + "\t" + name;
    }
}
