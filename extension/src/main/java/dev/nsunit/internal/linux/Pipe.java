package dev.nsunit.internal.linux;

/** The two descriptors of a pipe created by {@link Linux#pipe()}. */
public record Pipe(int readFd, int writeFd) {
}
