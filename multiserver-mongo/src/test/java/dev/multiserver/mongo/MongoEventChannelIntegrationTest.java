package dev.multiserver.mongo;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import dev.multiserver.pubsub.EventChannel;
import dev.multiserver.pubsub.EventChannelOptions;
import dev.multiserver.testkit.LogCapture;
import dev.multiserver.testkit.MongoServerExtension;
import dev.multiserver.testkit.pubsub.Received;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.bson.BsonDocument;
import org.bson.BsonString;
import org.bson.Document;
import org.bson.types.Binary;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What the MongoDB channel adds to the contract: replay across a restart, resume tokens, the poller's window. */
class MongoEventChannelIntegrationTest {

    @RegisterExtension
    static final MongoServerExtension mongo = new MongoServerExtension();

    private final List<EventChannel> opened = new ArrayList<>();

    @AfterEach
    void closeChannels() {
        opened.forEach(EventChannel::close);
    }

    private MongoEventChannel channel(String mode) {
        return channel(mode, EventChannelOptions.defaults());
    }

    private MongoEventChannel channel(String mode, EventChannelOptions options) {
        MongoEventChannel channel = MongoEventChannel.builder(TestDatabases.channelUri(mongo, mode))
                .options(options.withTimeout(Duration.ofSeconds(1)).withPollInterval(Duration.ofMillis(50)))
                .build();
        opened.add(channel);
        return channel;
    }

    private static String topic() {
        return "test-" + UUID.randomUUID();
    }

    /**
     * A publisher keeps publishing while the server goes down and comes back. The in-JVM server comes back empty, so
     * the test lets the subscriber catch up before stopping it (a real server keeps what it acknowledged); what
     * matters is what was published after the start, some of it before the subscriber had reconnected.
     */
    @ParameterizedTest
    @ValueSource(strings = {"changestreams", "polling"})
    void whatWasPublishedBeforeTheServerStoppedAndAfterItStartedIsDeliveredExactlyOnceInOrder(String mode)
            throws Exception {
        assumeThat(mongo.isExternal()).as("needs the in-JVM server, which the test stops").isFalse();
        MongoEventChannel subscriber = channel(mode);
        MongoEventChannel publisher = channel(mode);
        String topic = topic();
        Received received = new Received();
        subscriber.subscribe(topic, received);

        List<String> accepted = new ArrayList<>();
        Semaphore gate = new Semaphore(1);
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger failed = new AtomicInteger();
        Thread publishing = new Thread(() -> {
            for (int i = 0; !stop.get(); i++) {
                gate.acquireUninterruptibly();
                try {
                    publisher.publish(topic, Integer.toString(i).getBytes(UTF_8)).get(5, TimeUnit.SECONDS);
                    synchronized (accepted) {
                        accepted.add(Integer.toString(i));
                    }
                } catch (Exception e) {
                    // refused while the server is down: promised to no one
                    failed.incrementAndGet();
                } finally {
                    gate.release();
                }
            }
        }, "publishing");
        publishing.start();
        try {
            await().until(() -> received.count() >= 20);
            gate.acquire();
            await().until(() -> received.count() == acceptedCount(accepted));
            mongo.stop();
            gate.release();
            await().until(() -> failed.get() > 0);
            mongo.start();
            int beforeStart = acceptedCount(accepted);
            await().atMost(Duration.ofSeconds(20)).until(() -> acceptedCount(accepted) >= beforeStart + 50);
        } finally {
            stop.set(true);
            publishing.join(TimeUnit.SECONDS.toMillis(10));
        }

        List<String> expected;
        synchronized (accepted) {
            expected = List.copyOf(accepted);
        }
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(received.texts()).containsExactlyElementsOf(expected));
    }

    private static int acceptedCount(List<String> accepted) {
        synchronized (accepted) {
            return accepted.size();
        }
    }

    @Test
    void resumeTokenTheServerCannotUseIsReportedOnceAndTheStreamContinuesFromNow() {
        EventChannel publisher = channel("changestreams");
        String topic = topic();
        Received received = new Received();
        try (LogCapture log = new LogCapture()) {
            MongoEventChannel channel = MongoEventChannel.builder(TestDatabases.channelUri(mongo, "changestreams"))
                    .options(EventChannelOptions.defaults().withTimeout(Duration.ofSeconds(1)))
                    .resumeToken(new BsonDocument("_data", new BsonString("not-a-resume-token")))
                    .build();
            opened.add(channel);
            channel.subscribe(topic, received);
            publisher.publish(topic, "after".getBytes(UTF_8)).join();

            assertThat(received.awaitCount(1).texts()).containsExactly("after");
            assertThat(log.lines(channel.uri())).singleElement().asString()
                    .contains("WARN", "cannot resume where it stopped", "continuing from now");
        }
    }

    @Test
    void pollerDeliversOnceAMessageInsertedLateWithAnOlderObjectId() {
        MongoEventChannel subscriber = channel("polling");
        EventChannel publisher = channel("polling");
        String topic = topic();
        Received received = new Received();
        subscriber.subscribe(topic, received);
        ObjectId older = new ObjectId(new Date(System.currentTimeMillis() - 1500));
        publisher.publish(topic, "newer".getBytes(UTF_8)).join();
        assertThat(received.awaitCount(1).texts()).containsExactly("newer");

        try (MongoClient client = MongoClients.create(mongo.connectionString())) {
            events(client).insertOne(new Document("_id", older).append("topic", topic)
                    .append("payload", new Binary("late".getBytes(UTF_8))).append("at", new Date()));
        }
        publisher.publish(topic, "last".getBytes(UTF_8)).join();

        assertThat(received.awaitCount(3).texts()).containsExactly("newer", "late", "last");
        // several polls later, still once
        await().pollDelay(Duration.ofMillis(300)).until(() -> true);
        assertThat(received.texts()).containsExactly("newer", "late", "last");
    }

    @Test
    void documentsThatAreNotMessagesAreSkipped() {
        MongoEventChannel subscriber = channel("changestreams");
        String topic = topic();
        Received received = new Received();
        subscriber.subscribe(topic, received);
        try (MongoClient client = MongoClients.create(mongo.connectionString())) {
            events(client).insertOne(new Document("topic", topic).append("payload", "text, not binary"));
            events(client).insertOne(new Document("topic", 42));
        }
        subscriber.publish(topic, "fine".getBytes(UTF_8)).join();

        assertThat(received.awaitCount(1).texts()).containsExactly("fine");
    }

    @Test
    void ttlIndexOnAtExpiresAfterTheRetentionAndFollowsAChangedRetention() {
        channel("polling", EventChannelOptions.defaults().withNamespace("ttl")
                .withRetention(10_000, Duration.ofMinutes(3)));
        try (MongoClient client = MongoClients.create(mongo.connectionString())) {
            MongoCollection<Document> events = client.getDatabase(mongo.database()).getCollection("ttl.events");
            await().untilAsserted(() -> assertThat(ttlOf(events)).isEqualTo(180));

            channel("polling", EventChannelOptions.defaults().withNamespace("ttl")
                    .withRetention(10_000, Duration.ofSeconds(90)));
            await().untilAsserted(() -> assertThat(ttlOf(events)).isEqualTo(90));
        }
    }

    private static Number ttlOf(MongoCollection<Document> events) {
        for (Document index : events.listIndexes()) {
            if (new Document("at", 1).equals(index.get("key", Document.class))) {
                return ((Number) index.get("expireAfterSeconds")).intValue();
            }
        }
        return null;
    }

    @Test
    void autoModeUsesChangeStreamsWhenTheServerHasThem() {
        MongoEventChannel channel = channel("auto");
        String topic = topic();
        Received received = new Received();
        channel.subscribe(topic, received);
        channel.publish(topic, "x".getBytes(UTF_8)).join();

        assertThat(received.awaitCount(1).texts()).containsExactly("x");
        assertThat(channel.mode()).isEqualTo("changestreams");
    }

    @Test
    void autoModePollsAServerWithoutChangeStreamsAndSaysSoOnce() {
        MongoServer plain = new MongoServer(new MemoryBackend());
        String address = plain.bindAndGetConnectionString();
        try (LogCapture log = new LogCapture()) {
            MongoEventChannel channel = MongoEventChannel.builder(address + "/plain")
                    .options(EventChannelOptions.defaults().withTimeout(Duration.ofSeconds(1))
                            .withPollInterval(Duration.ofMillis(50)))
                    .build();
            opened.add(channel);
            String topic = topic();
            Received received = new Received();
            channel.subscribe(topic, received);
            channel.publish(topic, "polled".getBytes(UTF_8)).join();

            assertThat(received.awaitCount(1).texts()).containsExactly("polled");
            assertThat(channel.mode()).isEqualTo("polling");
            assertThat(log.lines(channel.uri())).singleElement().asString()
                    .contains("INFO", "does not support change streams", "polling");
        } finally {
            opened.forEach(EventChannel::close);
            opened.clear();
            plain.shutdownNow();
        }
    }

    private static MongoCollection<Document> events(MongoClient client) {
        return client.getDatabase(mongo.database()).getCollection("multiserver.events");
    }
}
