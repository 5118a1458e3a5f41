package dev.nsunit.internal.linux;

import java.io.Serializable;

/** A bind mount: {@code target} shows {@code source} inside the mount namespace. */
public record BindMount(String source, String target) implements Serializable {
}
