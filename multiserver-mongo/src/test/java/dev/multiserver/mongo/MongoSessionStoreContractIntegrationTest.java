package dev.multiserver.mongo;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import dev.multiserver.session.SessionStore;
import dev.multiserver.testkit.MongoServerExtension;
import dev.multiserver.testkit.session.SessionStoreContract;
import dev.multiserver.testkit.session.StoreServer;
import java.time.Duration;
import java.util.Optional;
import org.bson.Document;
import org.junit.jupiter.api.extension.RegisterExtension;

class MongoSessionStoreContractIntegrationTest extends SessionStoreContract {

    @RegisterExtension
    static final MongoServerExtension mongo = new MongoServerExtension();

    @Override
    protected SessionStore openStore() {
        return MongoSessionStore.builder(TestDatabases.uri(mongo))
                .timeout(Duration.ofSeconds(1))
                .build();
    }

    @Override
    protected boolean writeForeignData(String id) {
        try (MongoClient client = MongoClients.create(mongo.connectionString())) {
            client.getDatabase(mongo.database()).getCollection("multiserver.sessions")
                    .insertOne(new Document("_id", id).append("cart", "not a session").append("attributes", 42));
        }
        return true;
    }

    @Override
    protected Optional<StoreServer> server() {
        return mongo.isExternal() ? Optional.empty() : Optional.of(StoreServer.of(mongo::stop, mongo::start));
    }

    @Override
    protected Duration failureBound() {
        return Duration.ofSeconds(3);
    }
}
