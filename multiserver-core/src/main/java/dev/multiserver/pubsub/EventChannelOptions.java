package dev.multiserver.pubsub;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.regex.Pattern;

/**
 * Settings every channel shares, for {@link EventChannels#open(String, EventChannelOptions)}.
 *
 * <pre>{@code
 * EventChannel channel = EventChannels.open("redis://10.0.0.5:6379?mode=streams",
 *         EventChannelOptions.defaults().withRetention(50_000, Duration.ofMinutes(10)));
 * }</pre>
 *
 * @param timeout         how long a publish or subscribe may take before it fails; default 2 s
 * @param namespace       what the channel's server-side names start with, so applications can share a server
 *                        (Redis channels and streams {@code NAMESPACE:events:TOPIC}, the MongoDB collection
 *                        {@code NAMESPACE.events}); default {@code multiserver}
 * @param retainedEvents  replaying channels keep at most this many recent messages per topic; default 10,000
 * @param retention       and none older than this; default 5 minutes
 * @param pollInterval    how often a polling channel (MongoDB without change streams) looks for new messages;
 *                        default 100 ms
 */
public record EventChannelOptions(Duration timeout, String namespace, long retainedEvents, Duration retention,
        Duration pollInterval) {

    private static final Pattern NAMESPACE = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final EventChannelOptions DEFAULTS = new EventChannelOptions(Duration.ofSeconds(2), "multiserver",
            10_000, Duration.ofMinutes(5), Duration.ofMillis(100));

    public EventChannelOptions {
        requireNonNull(timeout, "timeout");
        requireNonNull(namespace, "namespace");
        requireNonNull(retention, "retention");
        requireNonNull(pollInterval, "pollInterval");
        positive("timeout", timeout);
        positive("retention", retention);
        positive("pollInterval", pollInterval);
        if (!NAMESPACE.matcher(namespace).matches()) {
            throw new IllegalArgumentException("namespace: '" + namespace
                    + "' (expected: 1 to 64 letters, digits, '_' or '-')");
        }
        if (retainedEvents <= 0) {
            throw new IllegalArgumentException("retainedEvents: " + retainedEvents + " (expected: > 0)");
        }
    }

    private static void positive(String name, Duration value) {
        if (value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(name + ": " + value + " (expected: > 0)");
        }
    }

    /** A timeout of 2 s, namespace {@code multiserver}, 10,000 events or 5 minutes retained, polls every 100 ms. */
    public static EventChannelOptions defaults() {
        return DEFAULTS;
    }

    /** These options with another timeout; {@code this} when it is the same. */
    public EventChannelOptions withTimeout(Duration timeout) {
        return timeout.equals(this.timeout) ? this
                : new EventChannelOptions(timeout, namespace, retainedEvents, retention, pollInterval);
    }

    /** These options with another namespace; {@code this} when it is the same. */
    public EventChannelOptions withNamespace(String namespace) {
        return namespace.equals(this.namespace) ? this
                : new EventChannelOptions(timeout, namespace, retainedEvents, retention, pollInterval);
    }

    /** These options with another retention for replaying channels; {@code this} when it is the same. */
    public EventChannelOptions withRetention(long retainedEvents, Duration retention) {
        return retainedEvents == this.retainedEvents && retention.equals(this.retention) ? this
                : new EventChannelOptions(timeout, namespace, retainedEvents, retention, pollInterval);
    }

    /** These options with another poll interval; {@code this} when it is the same. */
    public EventChannelOptions withPollInterval(Duration pollInterval) {
        return pollInterval.equals(this.pollInterval) ? this
                : new EventChannelOptions(timeout, namespace, retainedEvents, retention, pollInterval);
    }
}
