package dev.multiserver.benchmarks.broadcast;

import dev.multiserver.pubsub.EventChannel;
import dev.multiserver.pubsub.EventChannels;
import dev.multiserver.pubsub.MemoryEventChannel;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.List;

/**
 * Two nodes, A and B, each a Jetty server with a ClusterHub on its own connection to the channel (for
 * {@code memory:} one shared channel, as in-process workers share it); the sender is a WebSocket client of A, the
 * measured receivers are WebSocket clients of B, so every measured message crossed the channel.
 */
final class HubRig implements Rig {

    private final LatencyLog latencies = new LatencyLog();
    private final HttpClient http = HttpClient.newHttpClient();
    private final ChatNode nodeA;
    private final ChatNode nodeB;
    private final ChatClient sender;
    private final List<ChatClient> receivers = new ArrayList<>();

    HubRig(String channelUri, int receiverCount) throws Exception {
        EventChannel shared = channelUri.startsWith("memory:") ? MemoryEventChannel.create() : null;
        nodeA = new ChatNode("node-a", shared != null ? shared : EventChannels.open(channelUri));
        nodeB = new ChatNode("node-b", shared != null ? shared : EventChannels.open(channelUri));
        sender = new ChatClient(http, nodeA.webSocketUri(), null);
        for (int i = 0; i < receiverCount; i++) {
            receivers.add(new ChatClient(http, nodeB.webSocketUri(), latencies));
        }
    }

    @Override
    public Sender sender() {
        return sender;
    }

    @Override
    public LatencyLog latencies() {
        return latencies;
    }

    @Override
    public long delivered() {
        return receivers.stream().mapToLong(ChatClient::received).sum();
    }

    @Override
    public int receivers() {
        return receivers.size();
    }

    @Override
    public void close() throws Exception {
        for (ChatClient receiver : receivers) {
            receiver.close();
        }
        sender.close();
        nodeA.close();
        nodeB.close();
    }
}
