package dev.nsunit.internal.launch;

import dev.nsunit.internal.linux.NamespaceSetup;
import dev.nsunit.internal.relay.Message;

/**
 * A unit of work that the run's plan says comes later, for a child started ahead of it ({@link WarmChildren}): its
 * setup, and the {@link Message.Run} it will most likely send, where the plan knows that before the unit runs (a test
 * method, an invocation of a template). A child started for a unit with a known run is set up and discovers that run
 * while it waits; otherwise ({@code run} null) it waits for its setup as well.
 */
public record UpcomingUnit(NamespaceSetup setup, Message.Run run) {
}
