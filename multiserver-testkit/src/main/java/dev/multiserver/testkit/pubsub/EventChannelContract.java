package dev.multiserver.testkit.pubsub;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import dev.multiserver.pubsub.EventChannel;
import dev.multiserver.pubsub.EventChannelException;
import dev.multiserver.pubsub.Subscription;
import dev.multiserver.testkit.session.StoreServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link EventChannel} must do. A channel's test extends this class and says how to open the channel as
 * one more node of the cluster:
 *
 * <pre>{@code
 * class RedisEventChannelContractIntegrationTest extends EventChannelContract {
 *     @RegisterExtension
 *     static final RedisServerExtension redis = new RedisServerExtension();
 *
 *     @Override
 *     protected EventChannel openChannel() { return RedisEventChannel.of(redis.uri()); }
 *
 *     @Override
 *     protected Optional<StoreServer> server() { return Optional.of(StoreServer.of(redis::kill, redis::start)); }
 * }
 * }</pre>
 *
 * <p>Every test uses topics of its own, so one server serves the whole suite.
 */
public abstract class EventChannelContract {

    private final List<EventChannel> opened = new ArrayList<>();

    /**
     * Opens a channel: each call is another node of the same cluster (the memory channel returns the same
     * instance, as nodes in one JVM share it).
     */
    protected abstract EventChannel openChannel();

    /** Stops and starts the channel's server for the fault tests; empty for a channel without one (memory). */
    protected abstract Optional<StoreServer> server();

    /** The longest a publish may take when the server is down: the channel's timeout plus slack. */
    protected Duration failureBound() {
        return Duration.ofSeconds(5);
    }

    @AfterEach
    final void closeChannels() {
        for (EventChannel channel : opened) {
            channel.close();
        }
        opened.clear();
    }

    protected final EventChannel channel() {
        EventChannel channel = openChannel();
        opened.add(channel);
        return channel;
    }

    protected static String topic() {
        return "test-" + UUID.randomUUID();
    }

    private static byte[] text(String value) {
        return value.getBytes(UTF_8);
    }

    @Test
    void messagePublishedOnOneNodeReachesSubscribersOnEveryNode() {
        EventChannel a = channel();
        EventChannel b = channel();
        String topic = topic();
        Received onA = new Received();
        Received onB = new Received();
        a.subscribe(topic, onA);
        b.subscribe(topic, onB);

        a.publish(topic, text("hello")).join();

        assertThat(onB.awaitCount(1).texts()).containsExactly("hello");
        assertThat(onA.awaitCount(1).texts()).containsExactly("hello");
        assertThat(onB.topics()).containsExactly(topic);
    }

    @Test
    void subscriptionIsInPlaceWhenSubscribeReturns() {
        EventChannel subscriber = channel();
        EventChannel publisher = channel();
        for (int i = 0; i < 5; i++) {
            String topic = topic();
            Received received = new Received();
            subscriber.subscribe(topic, received);
            publisher.publish(topic, text("first")).join();
            assertThat(received.awaitCount(1).texts()).containsExactly("first");
        }
    }

    @Test
    void messagesOfOnePublisherArriveInOrderExactlyOnce() {
        EventChannel subscriber = channel();
        EventChannel publisher = channel();
        String topic = topic();
        Received received = new Received();
        subscriber.subscribe(topic, received);

        List<CompletableFuture<Void>> sent = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            sent.add(publisher.publish(topic, text(Integer.toString(i))));
        }
        CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).join();

        List<String> expected = IntStream.range(0, 1000).mapToObj(Integer::toString).toList();
        assertThat(received.awaitCount(1000).texts()).containsExactlyElementsOf(expected);
    }

    @Test
    void concurrentPublishersEachKeepTheirOrderAndNothingIsLostOrDoubled() throws Exception {
        EventChannel subscriber = channel();
        String topic = topic();
        Received received = new Received();
        subscriber.subscribe(topic, received);
        List<EventChannel> publishers = List.of(channel(), channel(), channel());

        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < publishers.size(); p++) {
            EventChannel publisher = publishers.get(p);
            String name = "p" + p + "-";
            Thread thread = new Thread(() -> {
                for (int i = 0; i < 300; i++) {
                    publisher.publish(topic, text(name + i)).join();
                }
            }, "publisher-" + p);
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join(TimeUnit.SECONDS.toMillis(30));
        }

        List<String> texts = received.awaitCount(900).texts();
        assertThat(texts).hasSize(900).doesNotHaveDuplicates();
        for (int p = 0; p < publishers.size(); p++) {
            String name = "p" + p + "-";
            List<String> ofPublisher = texts.stream().filter(t -> t.startsWith(name)).toList();
            assertThat(ofPublisher).as("messages of publisher %s", p)
                    .containsExactlyElementsOf(IntStream.range(0, 300).mapToObj(i -> name + i).toList());
        }
    }

    @Test
    void topicsAreSeparate() {
        EventChannel channel = channel();
        String first = topic();
        String second = topic();
        Received onFirst = new Received();
        Received onSecond = new Received();
        channel.subscribe(first, onFirst);
        channel.subscribe(second, onSecond);

        channel.publish(first, text("one")).join();
        channel.publish(second, text("two")).join();

        assertThat(onSecond.awaitCount(1).texts()).containsExactly("two");
        assertThat(onFirst.awaitCount(1).texts()).containsExactly("one");
    }

    @Test
    void everyListenerOfATopicReceivesEachMessage() {
        EventChannel channel = channel();
        String topic = topic();
        List<Received> listeners = IntStream.range(0, 5).mapToObj(i -> new Received()).toList();
        listeners.forEach(listener -> channel.subscribe(topic, listener));

        channel.publish(topic, text("all")).join();

        for (Received listener : listeners) {
            assertThat(listener.awaitCount(1).texts()).containsExactly("all");
        }
    }

    @Test
    void closedSubscriptionReceivesNothingMore() {
        EventChannel subscriber = channel();
        EventChannel publisher = channel();
        String topic = topic();
        Received closedOne = new Received();
        Received openOne = new Received();
        Subscription closing = subscriber.subscribe(topic, closedOne);
        subscriber.subscribe(topic, openOne);
        publisher.publish(topic, text("before")).join();
        closedOne.awaitCount(1);
        openOne.awaitCount(1);

        closing.close();
        closing.close();   // idempotent
        publisher.publish(topic, text("after")).join();

        assertThat(openOne.awaitCount(2).texts()).containsExactly("before", "after");
        assertThat(closedOne.texts()).containsExactly("before");
        assertThat(closing.topic()).isEqualTo(topic);
    }

    @Test
    void payloadBytesArriveUnchanged() {
        EventChannel subscriber = channel();
        EventChannel publisher = channel();
        String topic = topic();
        Received received = new Received();
        subscriber.subscribe(topic, received);
        byte[] everyByte = new byte[256];
        for (int i = 0; i < 256; i++) {
            everyByte[i] = (byte) i;
        }
        byte[] large = new byte[512 * 1024];
        new java.util.Random(7).nextBytes(large);

        publisher.publish(topic, everyByte).join();
        publisher.publish(topic, new byte[0]).join();
        publisher.publish(topic, large).join();
        publisher.publish(topic, text("héllo, wörld ✓")).join();

        List<byte[]> payloads = received.awaitCount(4).payloads();
        assertThat(payloads.get(0)).isEqualTo(everyByte);
        assertThat(payloads.get(1)).isEmpty();
        assertThat(payloads.get(2)).isEqualTo(large);
        assertThat(new String(payloads.get(3), UTF_8)).isEqualTo("héllo, wörld ✓");
    }

    @Test
    void listenerThatThrowsDoesNotStopDelivery() {
        EventChannel channel = channel();
        String topic = topic();
        AtomicInteger calls = new AtomicInteger();
        channel.subscribe(topic, (t, payload) -> {
            calls.incrementAndGet();
            throw new IllegalStateException("listener failure (expected by the test)");
        });
        Received received = new Received();
        channel.subscribe(topic, received);

        channel.publish(topic, text("1")).join();
        channel.publish(topic, text("2")).join();

        assertThat(received.awaitCount(2).texts()).containsExactly("1", "2");
        await().untilAsserted(() -> assertThat(calls).hasValue(2));
    }

    @Test
    void publishingToATopicWithoutSubscribersSucceeds() {
        EventChannel channel = channel();
        channel.publish(topic(), text("nobody listens")).join();
    }

    @Test
    void malformedTopicsAndOversizedPayloadsAreRefusedWithTheReason() {
        EventChannel channel = channel();
        assertThatThrownBy(() -> channel.publish("", text("x")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("topic");
        assertThatThrownBy(() -> channel.publish("a".repeat(201), text("x")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("topic");
        assertThatThrownBy(() -> channel.subscribe("bad\ntopic", new Received()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("control character");
        assertThatThrownBy(() -> channel.publish(topic(), new byte[EventChannel.MAX_PAYLOAD_BYTES + 1]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("payload");
        // the channel still works
        String topic = topic();
        Received received = new Received();
        channel.subscribe(topic, received);
        channel.publish(topic, text("still fine")).join();
        assertThat(received.awaitCount(1).texts()).containsExactly("still fine");
    }

    @Test
    void closedChannelRefusesPublishAndSubscribeNamingItself() {
        EventChannel channel = openChannel();
        String uri = channel.uri();
        channel.close();
        channel.close();   // idempotent

        assertThatThrownBy(() -> channel.publish(topic(), text("late")).get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(EventChannelException.class).hasMessageStartingWith(uri);
        assertThatThrownBy(() -> channel.subscribe(topic(), new Received()))
                .isInstanceOf(EventChannelException.class).hasMessageStartingWith(uri);
    }

    @Test
    void uriHidesCredentials() {
        assertThat(channel().uri()).doesNotContainPattern("//[^/@]*:[^/@*]+@");
    }

    @Test
    void serverDownPublishFailsFastNamingTheChannelThenSubscriptionsResumeWhenItReturns() throws Exception {
        StoreServer server = server().orElse(null);
        assumeThat(server).as("the channel has no server").isNotNull();
        EventChannel subscriber = channel();
        EventChannel publisher = channel();
        String topic = topic();
        Received received = new Received();
        subscriber.subscribe(topic, received);
        publisher.publish(topic, text("before")).join();
        received.awaitCount(1);

        server.stop();
        try {
            long start = System.nanoTime();
            assertThatThrownBy(() -> publisher.publish(topic, text("while down"))
                    .get(failureBound().toMillis(), TimeUnit.MILLISECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(EventChannelException.class).hasMessageStartingWith(publisher.uri());
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(failureBound());
        } finally {
            server.start();
        }

        // reconnected by themselves, the subscription restored: a message published now arrives
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            publisher.publish(topic, text("after")).get(failureBound().toMillis(), TimeUnit.MILLISECONDS);
            assertThat(received.texts()).contains("after");
        });
        assertThat(received.texts().get(0)).isEqualTo("before");
        assertThat(received.texts()).doesNotContain("while down");
    }
}
