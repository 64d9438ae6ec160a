package dev.multiserver.redis;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.multiserver.pubsub.Delivery;
import dev.multiserver.pubsub.EventChannel;
import dev.multiserver.pubsub.EventChannelException;
import dev.multiserver.testkit.RedisServerExtension;
import dev.multiserver.testkit.pubsub.Received;
import io.lettuce.core.KillArgs;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The faults on a real redis-server that writes every command to its append-only file before answering,
 * as a production server would be set up for streams: connections killed, and the server killed and restarted.
 */
class RedisEventChannelFaultIntegrationTest {

    @RegisterExtension
    static final RedisServerExtension redis = RedisServerExtension.persistent();

    private final List<EventChannel> opened = new ArrayList<>();

    @AfterEach
    void closeChannels() {
        opened.forEach(EventChannel::close);
    }

    private EventChannel channel(String query) {
        EventChannel channel = RedisEventChannel.of(redis.uri() + query);
        opened.add(channel);
        return channel;
    }

    private static String topic() {
        return "fault-" + UUID.randomUUID();
    }

    private static byte[] text(String value) {
        return value.getBytes(UTF_8);
    }

    @Test
    void pubSubSubscriberWhoseConnectionIsKilledResubscribesAndReceivesLaterMessages() {
        EventChannel subscriber = channel("");
        EventChannel publisher = channel("");
        String topic = topic();
        Received received = new Received();
        subscriber.subscribe(topic, received);
        publisher.publish(topic, text("before")).join();
        received.awaitCount(1);

        long killed;
        try (RawRedis raw = RawRedis.connect(redis.uri())) {
            killed = raw.commands().clientKill(KillArgs.Builder.typePubsub());
        }
        assertThat(killed).as("pub/sub connections killed").isEqualTo(1);

        // published until one arrives: what is published before the subscription is back is lost, as promised
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).untilAsserted(() -> {
            publisher.publish(topic, text("after")).join();
            assertThat(received.texts()).contains("after");
        });
        assertThat(received.texts().get(0)).isEqualTo("before");
        assertThat(subscriber.delivery()).isEqualTo(Delivery.AT_MOST_ONCE);
    }

    @Test
    void streamsSubscriberWhoseReaderIsKilledGetsEveryMessageOnceInOrder() throws Exception {
        EventChannel subscriber = channel("?mode=streams");
        EventChannel publisher = channel("?mode=streams");
        String topic = topic();
        Received received = new Received();
        subscriber.subscribe(topic, received);
        int total = 600;
        Thread publishing = new Thread(() -> {
            for (int i = 0; i < total; i++) {
                publisher.publish(topic, text(Integer.toString(i))).join();
            }
        }, "publisher");
        publishing.start();

        try (RawRedis raw = RawRedis.connect(redis.uri())) {
            for (int threshold : new int[] {100, 250, 400}) {
                await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(1))
                        .until(() -> received.count() >= threshold);
                // the reader may be between two connections just now: kill it once it is back
                await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(5))
                        .until(() -> killReaders(raw) > 0);
            }
        }
        publishing.join(TimeUnit.SECONDS.toMillis(30));

        List<String> expected = IntStream.range(0, total).mapToObj(Integer::toString).toList();
        assertThat(received.awaitCount(total).texts()).containsExactlyElementsOf(expected);
        // nothing more comes later either: a replay after the last reconnect would have doubled something
        publisher.publish(topic, text("end")).join();
        assertThat(received.awaitCount(total + 1).texts()).hasSize(total + 1).endsWith("end");
    }

    /** Kills the connections that wait in (or last ran) XREAD: the stream readers. */
    private static int killReaders(RawRedis raw) {
        int killed = 0;
        for (String client : raw.commands().clientList().split("\n")) {
            if (client.contains(" cmd=xread")) {
                long id = Long.parseLong(client.replaceAll("^id=(\\d+) .*$", "$1").trim());
                killed += raw.commands().clientKill(KillArgs.Builder.id(id)).intValue();
            }
        }
        return killed;
    }

    @Test
    void streamsDeliverEverySuccessfulPublishOnceAfterRedisIsKilledAndRestarted() throws Exception {
        EventChannel subscriber = channel("?mode=streams");
        EventChannel publisher = channel("?mode=streams");
        String topic = topic();
        Received received = new Received();
        subscriber.subscribe(topic, received);
        List<String> published = new ArrayList<>();
        int next = 0;
        for (; next < 50; next++) {
            publisher.publish(topic, text(Integer.toString(next))).join();
            published.add(Integer.toString(next));
        }

        redis.kill();
        List<String> failed = new ArrayList<>();
        try {
            for (int attempt = 0; attempt < 5; attempt++, next++) {
                String message = Integer.toString(next);
                long start = System.nanoTime();
                assertThatThrownBy(() -> publisher.publish(topic, text(message)).get(5, TimeUnit.SECONDS))
                        .isInstanceOf(ExecutionException.class)
                        .cause().isInstanceOf(EventChannelException.class)
                        .hasMessageStartingWith(publisher.uri() + ": publish to topic '" + topic + "' failed: ");
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(2500));
                failed.add(message);
            }
        } finally {
            redis.start();
        }

        // the publisher's connection comes back by itself; then 50 more, some before the reader is back
        int firstAfter = next;
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(20)).ignoreExceptions()
                .until(() -> {
                    publisher.publish(topic, text(Integer.toString(firstAfter))).join();
                    return true;
                });
        published.add(Integer.toString(next++));
        for (int i = 0; i < 49; i++, next++) {
            publisher.publish(topic, text(Integer.toString(next))).join();
            published.add(Integer.toString(next));
        }

        received.awaitCount(published.size());
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(received.texts()).containsAll(published));
        List<String> texts = received.texts();
        assertThat(texts).doesNotHaveDuplicates();
        assertThat(texts.stream().filter(published::contains).toList()).containsExactlyElementsOf(published);
        // a publish that failed while Redis went down may still have been written; nothing else may appear
        assertThat(failed).containsAll(texts.stream().filter(text -> !published.contains(text)).toList());
    }
}
