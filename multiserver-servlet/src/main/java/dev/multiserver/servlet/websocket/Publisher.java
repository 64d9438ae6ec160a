package dev.multiserver.servlet.websocket;

import dev.multiserver.pubsub.Envelope;
import dev.multiserver.pubsub.EventChannel;
import dev.multiserver.pubsub.EventChannelException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts this node's envelopes on the channel, numbered in the order they are handed to it, and reports an outage
 * with one WARN line when it starts and one INFO line when it ends.
 */
final class Publisher {

    private static final Logger log = LoggerFactory.getLogger(ClusterHub.class);

    private final EventChannel channel;
    private final String topic;
    private final String nodeId;
    private final Counters counters;
    private final AtomicBoolean failing = new AtomicBoolean();
    private long sequence;    // guarded by this

    Publisher(HubSettings settings, Counters counters) {
        this.channel = settings.channel();
        this.topic = settings.topic();
        this.nodeId = settings.nodeId();
        this.counters = counters;
        // From the clock, so that a node restarted under the same id numbers above what it sent before.
        this.sequence = TimeUnit.MILLISECONDS.toMicros(System.currentTimeMillis());
    }

    /**
     * Publishes; the future completes when the channel accepted the envelope, or fails with an
     * {@link EventChannelException}.
     */
    CompletableFuture<Void> publish(Envelope.Scope scope, String address, boolean binary, byte[] payload) {
        CompletableFuture<Void> accepted = publishNumbered(scope, address, binary, payload);
        CompletableFuture<Void> result = new CompletableFuture<>();
        accepted.whenComplete((ok, failure) -> {
            if (failure == null) {
                counters.published.increment();
                if (failing.compareAndSet(true, false)) {
                    log.info("ClusterHub {}: publishing on {} works again", nodeId, channel.uri());
                }
                result.complete(null);
            } else {
                counters.publishFailures.increment();
                EventChannelException error = asChannelException(failure);
                if (failing.compareAndSet(false, true)) {
                    log.warn("ClusterHub {}: publishing failed, other nodes miss this node's messages until it "
                            + "works again (local members still get them): {}", nodeId, error.getMessage());
                }
                result.completeExceptionally(error);
            }
        });
        return result;
    }

    /** Publishes without counting or logging: the goodbye of a hub that is closing. */
    void publishQuietly(Envelope.Scope scope, String address, byte[] payload) {
        publishNumbered(scope, address, false, payload);
    }

    private CompletableFuture<Void> publishNumbered(Envelope.Scope scope, String address, boolean binary,
                                                    byte[] payload) {
        // Numbering and handing over under one lock: the channel keeps the order it is given, and a receiver drops
        // a number lower than one it has seen.
        synchronized (this) {
            Envelope envelope = new Envelope(nodeId, ++sequence, scope, address, binary, payload);
            try {
                return channel.publish(topic, envelope.toBytes());
            } catch (RuntimeException e) {
                return CompletableFuture.failedFuture(e);
            }
        }
    }

    private EventChannelException asChannelException(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        if (cause instanceof EventChannelException channelException) {
            return channelException;
        }
        return new EventChannelException(channel.uri(), "publish to topic '" + topic + "' failed: " + cause, cause);
    }
}
