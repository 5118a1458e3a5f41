package dev.nsunit.internal.linux;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Strings reach libc as NUL-terminated bytes of nsunit's own making, not through JNR's string converters. */
class CStringTest {

    @Test
    void aPathBecomesItsUtf8BytesFollowedByANul() {
        assertThat(Linux.cString("/srv/é x")).containsExactly('/', 's', 'r', 'v', '/', 0xc3, 0xa9, ' ', 'x', 0);
    }

    @Test
    void noStringIsANullPointer() {
        assertThat(Linux.cString(null)).isNull();
    }

    @Test
    void theEmptyStringIsALoneNul() {
        assertThat(Linux.cString("")).containsExactly(0);
    }
}
