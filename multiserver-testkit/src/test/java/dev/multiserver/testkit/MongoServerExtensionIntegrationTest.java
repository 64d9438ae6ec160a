package dev.multiserver.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoChangeStreamCursor;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.changestream.ChangeStreamDocument;
import com.mongodb.client.model.changestream.OperationType;
import java.net.ConnectException;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class MongoServerExtensionIntegrationTest {

    @RegisterExtension
    static final MongoServerExtension mongo = new MongoServerExtension();

    private MongoClient client;
    private MongoCollection<Document> sessions;

    @BeforeEach
    void connect() {
        client = MongoClients.create(MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(mongo.connectionString()))
                .applyToClusterSettings(cluster -> cluster.serverSelectionTimeout(5, TimeUnit.SECONDS))
                .build());
        sessions = client.getDatabase(mongo.database()).getCollection("sessions");
    }

    @AfterEach
    void disconnect() {
        client.close();
    }

    @Test
    void storesAndReadsDocumentsOverTheWire() {
        sessions.insertOne(new Document("_id", "s1").append("user", "ada"));

        Document found = sessions.find(Filters.eq("_id", "s1")).first();

        assertThat(found).isNotNull();
        assertThat(found.getString("user")).isEqualTo("ada");
    }

    @Test
    void stopAndStartKeepThePortAndLoseTheData() {
        assumeThat(mongo.isExternal()).as("the server named by MONGODB_URI cannot be stopped").isFalse();
        String before = mongo.connectionString();
        sessions.insertOne(new Document("_id", "s3"));

        mongo.stop();
        ConnectionString address = new ConnectionString(before);
        assertThatThrownBy(() -> new Socket(address.getHosts().get(0).split(":")[0],
                Integer.parseInt(address.getHosts().get(0).split(":")[1])).close())
                .isInstanceOf(ConnectException.class);
        mongo.start();

        assertThat(mongo.connectionString()).isEqualTo(before);
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions()
                .untilAsserted(() -> assertThat(sessions.countDocuments()).isZero());
    }

    @Test
    void changeStreamsSeeInserts() {
        try (MongoChangeStreamCursor<ChangeStreamDocument<Document>> changes = sessions.watch().cursor()) {
            sessions.insertOne(new Document("_id", "s2").append("user", "grace"));

            AtomicReference<ChangeStreamDocument<Document>> change = new AtomicReference<>();
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                change.compareAndSet(null, changes.tryNext());
                return change.get() != null;
            });

            assertThat(change.get().getOperationType()).isEqualTo(OperationType.INSERT);
            assertThat(change.get().getFullDocument().getString("user")).isEqualTo("grace");
        }
    }
}
