package dev.nsunit.internal.linux;

/** A bind mount: {@code target} shows {@code source} inside the mount namespace. */
public record BindMount(String source, String target) {
}
