package dev.multiserver.servlet.websocket;

/**
 * What a {@link ClusterHub} has done since it was built; each figure only grows.
 *
 * <pre>{@code
 * ClusterHubMetrics metrics = hub.metrics();
 * registry.gauge("hub.overflow.closed", metrics.overflowClosed());
 * }</pre>
 *
 * @param published       messages the channel accepted: broadcasts, messages to a connection on another node and
 *                        the periodic presence counts
 * @param publishFailures messages the channel refused or could not take (unreachable, closed, timed out)
 * @param received        messages from other nodes taken in from the channel
 * @param delivered       WebSocket messages written to a connection of this node
 * @param dropped         messages not delivered: unreadable or replayed ones from the channel, and those meant for a
 *                        connection that is closed, failed or was closed for overflow
 * @param overflowClosed  connections closed because their queue of outgoing messages was full
 */
public record ClusterHubMetrics(long published, long publishFailures, long received, long delivered, long dropped,
                                long overflowClosed) {
}
