package dev.multiserver.servlet.websocket;

import dev.multiserver.pubsub.EventChannel;
import dev.multiserver.pubsub.MemoryEventChannel;

/** The nodes share one in-memory channel, as in-process workers do. */
class MemoryClusterHubIntegrationTest extends ClusterHubIntegrationTest {

    private final MemoryEventChannel channel = MemoryEventChannel.create();

    @Override
    protected EventChannel openChannel() {
        return channel;
    }
}
