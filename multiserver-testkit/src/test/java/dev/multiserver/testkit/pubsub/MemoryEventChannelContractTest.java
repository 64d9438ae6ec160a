package dev.multiserver.testkit.pubsub;

import dev.multiserver.pubsub.Delivery;
import dev.multiserver.pubsub.EventChannel;
import dev.multiserver.pubsub.EventChannelException;
import dev.multiserver.pubsub.EventListener;
import dev.multiserver.pubsub.MemoryEventChannel;
import dev.multiserver.pubsub.Subscription;
import dev.multiserver.pubsub.Topics;
import dev.multiserver.testkit.session.StoreServer;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;

/**
 * The in-memory channel: every node of a test shares one instance, as in-process workers do; each node gets its own
 * handle so that closing one node does not close the others. The last test closes the real channel itself.
 */
class MemoryEventChannelContractTest extends EventChannelContract {

    private MemoryEventChannel shared;

    @Override
    protected EventChannel openChannel() {
        if (shared == null) {
            shared = MemoryEventChannel.create();
        }
        return new NodeHandle(shared);
    }

    @Override
    protected Optional<StoreServer> server() {
        return Optional.empty();
    }

    @AfterEach
    void closeShared() {
        if (shared != null) {
            shared.close();
            shared = null;
        }
    }

    @org.junit.jupiter.api.Test
    void closedMemoryChannelRefusesPublishAndSubscribe() {
        MemoryEventChannel channel = MemoryEventChannel.create();
        channel.close();
        org.assertj.core.api.Assertions.assertThat(channel.publish("t", new byte[0]))
                .isCompletedExceptionally();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> channel.subscribe("t", new Received()))
                .isInstanceOf(EventChannelException.class).hasMessageStartingWith("memory:");
    }

    /** One node's handle on the shared channel. */
    private static final class NodeHandle implements EventChannel {
        private final MemoryEventChannel channel;
        private final List<Subscription> subscriptions = new CopyOnWriteArrayList<>();
        private volatile boolean closed;

        NodeHandle(MemoryEventChannel channel) {
            this.channel = channel;
        }

        @Override
        public CompletableFuture<Void> publish(String topic, byte[] payload) {
            if (closed) {
                Topics.check(topic);
                return CompletableFuture.failedFuture(new EventChannelException(uri(), "channel closed"));
            }
            return channel.publish(topic, payload);
        }

        @Override
        public Subscription subscribe(String topic, EventListener listener) {
            if (closed) {
                Topics.check(topic);
                throw new EventChannelException(uri(), "channel closed");
            }
            Subscription subscription = channel.subscribe(topic, listener);
            subscriptions.add(subscription);
            return subscription;
        }

        @Override
        public Delivery delivery() {
            return channel.delivery();
        }

        @Override
        public String uri() {
            return channel.uri();
        }

        @Override
        public void close() {
            closed = true;
            subscriptions.forEach(Subscription::close);
        }
    }
}
