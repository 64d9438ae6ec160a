package dev.multiserver.servlet.websocket;

import static java.util.Objects.requireNonNull;

import dev.multiserver.pubsub.EventChannel;
import dev.multiserver.pubsub.Topics;
import java.time.Duration;

/**
 * Configures a {@link ClusterHub}. Every setter checks its value at once and refuses being called twice;
 * {@link #build()} can be called again (each hub needs its own node id, so set none or a different one).
 *
 * <pre>{@code
 * ClusterHub hub = ClusterHub.builder(channel)
 *         .nodeId("worker-1")
 *         .maxQueuedMessages(256)
 *         .build();
 * }</pre>
 */
public final class ClusterHubBuilder {

    private static final Duration MIN_PRESENCE_INTERVAL = Duration.ofMillis(10);
    private static final Duration MAX_PRESENCE_INTERVAL = Duration.ofHours(1);
    private static final int TRY_AGAIN_LATER = 1013;
    private static final int POLICY_VIOLATION = 1008;

    private final EventChannel channel;
    private String nodeId;
    private String topic;
    private Integer maxQueuedMessages;
    private Integer overflowCloseCode;
    private Duration presenceInterval;

    ClusterHubBuilder(EventChannel channel) {
        this.channel = requireNonNull(channel, "channel");
    }

    /**
     * This node's id, unique in the cluster: 1 to 100 characters, no control characters, no {@code '/'}. Default:
     * the host name, the process id and four random hex digits, different for every hub built.
     */
    public ClusterHubBuilder nodeId(String nodeId) {
        Names.nodeId(nodeId);
        checkUnset(this.nodeId, "nodeId");
        this.nodeId = nodeId;
        return this;
    }

    /** The channel topic the nodes share; default {@code hub}. Hubs on different topics do not see each other. */
    public ClusterHubBuilder topic(String topic) {
        Topics.check(topic);
        checkUnset(this.topic, "topic");
        this.topic = topic;
        return this;
    }

    /**
     * How many messages may wait for one connection while a send to it is in flight; default 1,024. A connection
     * whose queue is full is closed with the {@linkplain #overflowCloseCode overflow close code}.
     */
    public ClusterHubBuilder maxQueuedMessages(int maxQueuedMessages) {
        if (maxQueuedMessages < 1 || maxQueuedMessages > 1_000_000) {
            throw new IllegalArgumentException("maxQueuedMessages: " + maxQueuedMessages
                    + " (expected: 1 to 1000000)");
        }
        checkUnset(this.maxQueuedMessages, "maxQueuedMessages");
        this.maxQueuedMessages = maxQueuedMessages;
        return this;
    }

    /** The close code for a connection whose queue overflowed: 1013 (try again later, the default) or 1008 (policy). */
    public ClusterHubBuilder overflowCloseCode(int overflowCloseCode) {
        if (overflowCloseCode != TRY_AGAIN_LATER && overflowCloseCode != POLICY_VIOLATION) {
            throw new IllegalArgumentException("overflowCloseCode: " + overflowCloseCode + " (expected: "
                    + TRY_AGAIN_LATER + " or " + POLICY_VIOLATION + ")");
        }
        checkUnset(this.overflowCloseCode, "overflowCloseCode");
        this.overflowCloseCode = overflowCloseCode;
        return this;
    }

    /**
     * How often this node announces its member counts, and so how old {@link ClusterHub#clusterMembers} may be;
     * default 2 seconds, from 10 ms to 1 hour. Use the same on every node.
     */
    public ClusterHubBuilder presenceInterval(Duration presenceInterval) {
        requireNonNull(presenceInterval, "presenceInterval");
        if (presenceInterval.compareTo(MIN_PRESENCE_INTERVAL) < 0
                || presenceInterval.compareTo(MAX_PRESENCE_INTERVAL) > 0) {
            throw new IllegalArgumentException("presenceInterval: " + presenceInterval + " (expected: "
                    + MIN_PRESENCE_INTERVAL + " to " + MAX_PRESENCE_INTERVAL + ")");
        }
        checkUnset(this.presenceInterval, "presenceInterval");
        this.presenceInterval = presenceInterval;
        return this;
    }

    /**
     * A hub, subscribed to the channel.
     *
     * @throws dev.multiserver.pubsub.EventChannelException when the channel cannot subscribe (unreachable, closed)
     */
    public ClusterHub build() {
        return new ClusterHub(new HubSettings(channel,
                nodeId != null ? nodeId : Names.randomNodeId(),
                topic != null ? topic : "hub",
                maxQueuedMessages != null ? maxQueuedMessages : 1024,
                overflowCloseCode != null ? overflowCloseCode : TRY_AGAIN_LATER,
                presenceInterval != null ? presenceInterval : Duration.ofSeconds(2)));
    }

    private static void checkUnset(Object current, String name) {
        if (current != null) {
            throw new IllegalStateException(name + " was already set to " + current);
        }
    }
}
