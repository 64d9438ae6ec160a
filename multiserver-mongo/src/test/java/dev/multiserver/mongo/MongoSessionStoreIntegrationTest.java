package dev.multiserver.mongo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import dev.multiserver.session.SessionChanges;
import dev.multiserver.session.SessionStore;
import dev.multiserver.session.SessionStoreException;
import dev.multiserver.session.SessionStoreOptions;
import dev.multiserver.session.SessionStoreTimeoutException;
import dev.multiserver.session.SessionStores;
import dev.multiserver.session.StoredSession;
import dev.multiserver.testkit.MongoServerExtension;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class MongoSessionStoreIntegrationTest {

    private static final Duration HALF_HOUR = Duration.ofMinutes(30);

    @RegisterExtension
    static final MongoServerExtension mongo = new MongoServerExtension();

    private final List<SessionStore> stores = new ArrayList<>();
    private MongoClient client;

    @BeforeEach
    void connect() {
        client = MongoClients.create(mongo.connectionString());
    }

    @AfterEach
    void close() {
        stores.forEach(SessionStore::close);
        client.close();
    }

    private MongoSessionStore store() {
        return track(MongoSessionStore.of(uri()));
    }

    private <S extends SessionStore> S track(S store) {
        stores.add(store);
        return store;
    }

    private static String uri() {
        return TestDatabases.uri(mongo);
    }

    private MongoCollection<Document> sessions() {
        return client.getDatabase(mongo.database()).getCollection("multiserver.sessions");
    }

    private static String newId() {
        return UUID.randomUUID().toString();
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }

    @Test
    void opensWithATtlIndexOnExpiresAtThatDeletesAtTheStoredTime() {
        store();

        List<Document> ttl = sessions().listIndexes().into(new ArrayList<>()).stream()
                .filter(index -> index.get("key", Document.class).equals(new Document("expiresAt", 1)))
                .toList();

        assertThat(ttl).hasSize(1);
        assertThat(ttl.get(0).get("expireAfterSeconds", Number.class).longValue()).isZero();
    }

    @Test
    void openingTwiceKeepsOneTtlIndex() {
        store();
        store();

        assertThat(sessions().listIndexes().into(new ArrayList<>()))
                .filteredOn(index -> index.get("key", Document.class).containsKey("expiresAt"))
                .hasSize(1);
    }

    @Test
    void storesOneDocumentPerSessionThatOtherProgramsCanRead() {
        String id = newId();
        Instant now = now();
        store().save(SessionChanges.create(id, now, HALF_HOUR)
                .set("user", "{\"name\":\"ada\"}")
                .set("dotted.name", "1")
                .set("$dollar", "2")
                .set("100%", "3"));

        Document document = sessions().find(Filters.eq("_id", id)).first();

        assertThat(document).isNotNull();
        assertThat(document.getDate("created")).isEqualTo(Date.from(now));
        assertThat(document.getDate("accessed")).isEqualTo(Date.from(now));
        assertThat(document.get("maxInactive", Number.class).longValue()).isEqualTo(HALF_HOUR.toMillis());
        assertThat(document.getDate("expiresAt")).isEqualTo(Date.from(now.plus(HALF_HOUR)));
        assertThat(document.get("attributes", Document.class)).containsExactlyInAnyOrderEntriesOf(Map.of(
                "user", "{\"name\":\"ada\"}",
                "dotted%2Ename", "1",
                "%24dollar", "2",
                "100%25", "3"));
    }

    @Test
    void attributeNamesOfAnyShapeReadBackAsTheyWereWritten() {
        MongoSessionStore store = store();
        String id = newId();
        Map<String, String> odd = Map.of(
                "", "0",
                "%", "1",
                "a%2Eb", "2",
                "a.b.c", "3",
                "$set", "4",
                "$", "5",
                "nul\0inside", "6",
                "ünïcødé ✓ 🙂", "7",
                "..", "8",
                "%24", "9");
        SessionChanges changes = SessionChanges.create(id, now(), HALF_HOUR);
        for (Map.Entry<String, String> attribute : odd.entrySet()) {
            changes = changes.set(attribute.getKey(), attribute.getValue());
        }
        store.save(changes);
        StoredSession saved = store.load(id).orElseThrow();
        assertThat(saved.attributes()).containsExactlyInAnyOrderEntriesOf(odd);

        SessionChanges update = SessionChanges.update(saved, now());
        for (String name : odd.keySet()) {
            update = name.startsWith("$") ? update.remove(name) : update.set(name, "\"updated\"");
        }
        assertThat(store.save(update)).isTrue();

        assertThat(store.load(id).orElseThrow().attributes())
                .hasSize(odd.size() - 2)
                .doesNotContainKeys("$set", "$")
                .containsEntry("%24", "\"updated\"")
                .containsEntry("", "\"updated\"")
                .containsEntry("nul\0inside", "\"updated\"")
                .containsEntry("a%2Eb", "\"updated\"");
    }

    @Test
    void sessionWhoseExpiresAtHasPassedDoesNotLoadBeforeMongoDbDeletesIt() {
        String id = newId();
        Instant now = now();
        // access time and interval say alive; only the field the TTL monitor reads says expired
        sessions().insertOne(new Document("_id", id)
                .append("created", Date.from(now))
                .append("accessed", Date.from(now))
                .append("maxInactive", HALF_HOUR.toMillis())
                .append("expiresAt", Date.from(now.minusSeconds(1)))
                .append("attributes", new Document("a", "1")));
        MongoSessionStore store = store();

        assertThat(store.load(id)).isEmpty();
        assertThat(store.save(SessionChanges.update(
                new StoredSession(id, now, now, HALF_HOUR, Map.of()), now()).set("b", "2"))).isFalse();
        assertThat(store.changeId(id, newId())).isFalse();
    }

    @Test
    void sessionThatNoLongerExpiresLosesItsExpiresAt() {
        MongoSessionStore store = store();
        String id = newId();
        store.save(SessionChanges.create(id, now(), HALF_HOUR));

        store.save(SessionChanges.update(store.load(id).orElseThrow(), now()).withMaxInactiveInterval(Duration.ZERO));

        Document document = sessions().find(Filters.eq("_id", id)).first();
        assertThat(document).isNotNull().doesNotContainKey("expiresAt");
        assertThat(store.load(id)).isPresent();
    }

    @Test
    void databaseComesFromTheUriAndTheCollectionFromTheNamespace() {
        String id = newId();
        try (MongoSessionStore store = MongoSessionStore.builder(uri())
                .namespace("shop")
                .build()) {
            store.save(SessionChanges.create(id, now(), HALF_HOUR));
        }

        assertThat(client.getDatabase(mongo.database()).getCollection("shop.sessions")
                .countDocuments(Filters.eq("_id", id))).isOne();
    }

    @Test
    void uriWithoutDatabaseUsesTheDatabaseMultiserver() {
        assumeThat(mongo.isExternal()).as("only the in-JVM server may be written to outside its test database")
                .isFalse();
        String id = newId();
        try (MongoSessionStore store = MongoSessionStore.of(mongo.connectionString())) {
            store.save(SessionChanges.create(id, now(), HALF_HOUR));
            assertThat(store.uri()).endsWith("/multiserver");
        }

        assertThat(client.getDatabase("multiserver").getCollection("multiserver.sessions")
                .countDocuments(Filters.eq("_id", id))).isOne();
    }

    @Test
    void sessionStoresOpensMongodbUrisWithTheGivenOptions() {
        String id = newId();
        try (SessionStore store = SessionStores.open(uri(),
                SessionStoreOptions.defaults().withNamespace("viaUri").withTimeout(Duration.ofSeconds(1)))) {
            assertThat(store).isInstanceOf(MongoSessionStore.class);
            assertThat(store.uri()).isEqualTo(MongoUri.parse(uri()).toString());
            store.save(SessionChanges.create(id, now(), HALF_HOUR));
        }

        assertThat(client.getDatabase(mongo.database()).getCollection("viaUri.sessions")
                .countDocuments(Filters.eq("_id", id))).isOne();
    }

    @Test
    void foreignDocumentIsReportedOnceInOneLineNamingTheStoreAndTheId() {
        String id = "foreign-" + newId();
        sessions().insertOne(new Document("_id", id).append("attributes", new Document("a", 1)));
        MongoSessionStore store = store();
        PrintStream stderr = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            assertThat(store.load(id)).isEmpty();
            assertThat(store.load(id)).isEmpty();
        } finally {
            System.setErr(stderr);
        }

        assertThat(captured.toString(StandardCharsets.UTF_8).lines().toList())
                .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
                .contains("WARN", store.uri(), "foreig...")
                .doesNotContain(id);
    }

    @Test
    void sessionTooLargeForOneDocumentFailsNamingTheStoreAndLeavesTheOldOneAsItWas() {
        MongoSessionStore store = store();
        String id = newId();
        store.save(SessionChanges.create(id, now(), HALF_HOUR).set("a", "1"));
        String huge = "\"" + "x".repeat(17 * 1024 * 1024) + "\"";

        assertThatThrownBy(() -> store.save(SessionChanges.update(store.load(id).orElseThrow(), now())
                .set("huge", huge).remove("a")))
                .isInstanceOf(SessionStoreException.class)
                .hasMessageStartingWith(store.uri() + ": save of session ");
        assertThatThrownBy(() -> store.save(SessionChanges.create(id, now(), HALF_HOUR).set("huge", huge)))
                .isInstanceOf(SessionStoreException.class)
                .hasMessageStartingWith(store.uri() + ": save of session ");

        assertThat(store.load(id).orElseThrow().attributes()).containsExactlyEntriesOf(Map.of("a", "1"));
    }

    @Test
    void changeIdToAnIdInUseFailsNamingTheStoreAndKeepsBothSessions() {
        MongoSessionStore store = store();
        String first = newId();
        String second = newId();
        store.save(SessionChanges.create(first, now(), HALF_HOUR).set("who", "1"));
        store.save(SessionChanges.create(second, now(), HALF_HOUR).set("who", "2"));

        assertThatThrownBy(() -> store.changeId(first, second))
                .isInstanceOf(SessionStoreException.class)
                .hasMessageStartingWith(store.uri() + ": change of id of session " + first.substring(0, 6) + "... ")
                .hasMessageEndingWith("failed: another session has that id")
                .hasMessageNotContaining(second);

        assertThat(store.load(first).orElseThrow().attributes()).containsEntry("who", "1");
        assertThat(store.load(second).orElseThrow().attributes()).containsEntry("who", "2");
    }

    @Test
    void callsToAServerThatIsDownTimeOutWithinTheTimeout() {
        assumeThat(mongo.isExternal()).as("the server named by MONGODB_URI cannot be stopped").isFalse();
        MongoSessionStore store = track(MongoSessionStore.builder(uri()).timeout(Duration.ofMillis(500)).build());
        String id = newId();
        store.save(SessionChanges.create(id, now(), HALF_HOUR));

        mongo.stop();
        try {
            long started = System.nanoTime();
            assertThatThrownBy(() -> store.load(id))
                    .isInstanceOf(SessionStoreTimeoutException.class)
                    .hasMessage(store.uri() + ": load of session " + id.substring(0, 6) + "... took longer than 500ms");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(2000));
        } finally {
            mongo.start();
        }
    }

    @Test
    void storeOpenedWhileTheServerIsDownWorksAndMakesItsTtlIndexOnceItIsBack() {
        assumeThat(mongo.isExternal()).as("the server named by MONGODB_URI cannot be stopped").isFalse();
        String uri = uri();
        mongo.stop();
        MongoSessionStore store;
        try {
            long started = System.nanoTime();
            store = track(MongoSessionStore.builder(uri).timeout(Duration.ofMillis(500)).build());
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(2000));
        } finally {
            mongo.start();
        }
        client.close();
        client = MongoClients.create(mongo.connectionString());
        String id = newId();

        await().atMost(Duration.ofSeconds(10)).ignoreExceptions()
                .until(() -> store.save(SessionChanges.create(id, now(), HALF_HOUR)));

        assertThat(store.load(id)).isPresent();
        assertThat(sessions().listIndexes().into(new ArrayList<>()))
                .anySatisfy(index -> assertThat(index.get("key", Document.class))
                        .isEqualTo(new Document("expiresAt", 1)));
    }
}
