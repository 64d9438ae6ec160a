package dev.multiserver.mongo;

import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Makes the driver's client for a store or channel, bounded by one timeout everywhere. */
final class Clients {

    private Clients() {
    }

    /**
     * A client whose every operation, including finding and connecting to a server, is bounded by the timeout: the
     * driver's client-side operation timeout, server selection and connecting all use it, replacing
     * {@code timeoutMS}, {@code serverSelectionTimeoutMS} and {@code connectTimeoutMS} given in the URI.
     */
    static MongoClient create(MongoUri uri, Duration timeout) {
        long millis = Math.max(1, timeout.toMillis());
        MongoClientSettings.Builder settings = MongoClientSettings.builder()
                .applyConnectionString(uri.connectionString())
                .timeout(millis, TimeUnit.MILLISECONDS)
                .applyToClusterSettings(cluster -> cluster.serverSelectionTimeout(millis, TimeUnit.MILLISECONDS))
                .applyToSocketSettings(socket -> socket.connectTimeout(millis, TimeUnit.MILLISECONDS));
        if (uri.connectionString().getApplicationName() == null) {
            settings.applicationName("multiserver");
        }
        return MongoClients.create(settings.build());
    }
}
