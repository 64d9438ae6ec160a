package dev.multiserver.servlet.websocket;

import dev.multiserver.pubsub.EventChannel;
import java.time.Duration;

/** A {@link ClusterHub}'s configuration, checked by its builder. */
record HubSettings(EventChannel channel, String nodeId, String topic, int maxQueuedMessages, int overflowCloseCode,
                   Duration presenceInterval) {
}
