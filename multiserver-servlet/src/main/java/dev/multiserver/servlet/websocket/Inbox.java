package dev.multiserver.servlet.websocket;

import dev.multiserver.pubsub.Envelope;
import dev.multiserver.pubsub.EventListener;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes the envelopes of other nodes from the channel and hands them to this node's connections. Runs on the
 * channel's thread, so nothing here blocks: connections only queue.
 */
final class Inbox implements EventListener {

    private static final Logger log = LoggerFactory.getLogger(ClusterHub.class);

    private final String nodeId;
    private final String ownConnectionPrefix;
    private final Members members;
    private final Presence presence;
    private final ReplayFilter replays;
    private final Counters counters;
    private final AtomicBoolean warnedUnreadable = new AtomicBoolean();

    Inbox(String nodeId, Members members, Presence presence, ReplayFilter replays, Counters counters) {
        this.nodeId = nodeId;
        this.ownConnectionPrefix = nodeId + "/";
        this.members = members;
        this.presence = presence;
        this.replays = replays;
        this.counters = counters;
    }

    @Override
    public void onEvent(String topic, byte[] payload) {
        Envelope envelope;
        try {
            envelope = Envelope.fromBytes(payload);
        } catch (IllegalArgumentException e) {
            unreadable(topic, e.getMessage());
            return;
        }
        if (envelope.origin().equals(nodeId)) {
            return;    // delivered here when it was sent
        }
        long now = System.nanoTime();
        if (!replays.accept(envelope.origin(), envelope.sequence(), now)) {
            counters.dropped.increment();
            return;
        }
        counters.received.increment();
        switch (envelope.scope()) {
            case ROOM -> members.deliver(envelope.address(), Outgoing.of(envelope));
            case CONNECTION -> deliverToConnection(envelope);
            case PRESENCE -> {
                Map<String, Integer> counts;
                try {
                    counts = Presence.decode(envelope.payload());
                } catch (IllegalArgumentException e) {
                    unreadable(topic, e.getMessage());
                    return;
                }
                presence.update(envelope.origin(), counts, now);
            }
        }
    }

    private void deliverToConnection(Envelope envelope) {
        if (!envelope.address().startsWith(ownConnectionPrefix)) {
            return;    // another node's connection
        }
        Connection connection = members.find(envelope.address());
        if (connection == null) {
            counters.dropped.increment();
        } else {
            connection.offer(Outgoing.of(envelope));
        }
    }

    private void unreadable(String topic, String problem) {
        counters.dropped.increment();
        if (warnedUnreadable.compareAndSet(false, true)) {
            log.warn("ClusterHub {}: ignoring a message on topic '{}' that is not a hub message ({}); further ones "
                    + "are counted as dropped and logged at DEBUG", nodeId, topic, problem);
        } else {
            log.debug("ClusterHub {}: ignoring a message on topic '{}': {}", nodeId, topic, problem);
        }
    }
}
