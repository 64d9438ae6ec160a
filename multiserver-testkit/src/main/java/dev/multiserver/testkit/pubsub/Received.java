package dev.multiserver.testkit.pubsub;

import static org.awaitility.Awaitility.await;

import dev.multiserver.pubsub.EventListener;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A listener that keeps what it receives, for tests: {@code received.awaitCount(3)}, then {@code texts()}.
 *
 * <pre>{@code
 * Received received = new Received();
 * channel.subscribe("chat", received);
 * channel.publish("chat", "hi".getBytes(UTF_8));
 * assertThat(received.awaitCount(1).texts()).containsExactly("hi");
 * }</pre>
 */
public final class Received implements EventListener {

    private final List<byte[]> payloads = new ArrayList<>();
    private final List<String> topics = new ArrayList<>();

    @Override
    public synchronized void onEvent(String topic, byte[] payload) {
        topics.add(topic);
        payloads.add(payload);
    }

    /** How many messages arrived so far. */
    public synchronized int count() {
        return payloads.size();
    }

    /** Waits (up to 20 s) until at least {@code count} messages arrived; returns this. */
    public Received awaitCount(int count) {
        await().atMost(Duration.ofSeconds(20)).until(() -> count() >= count);
        return this;
    }

    /** The payloads so far, in arrival order. */
    public synchronized List<byte[]> payloads() {
        return List.copyOf(payloads);
    }

    /** The payloads so far as UTF-8 text, in arrival order. */
    public synchronized List<String> texts() {
        return payloads.stream().map(bytes -> new String(bytes, StandardCharsets.UTF_8)).toList();
    }

    /** The topics of the messages so far, in arrival order. */
    public synchronized List<String> topics() {
        return List.copyOf(topics);
    }
}
