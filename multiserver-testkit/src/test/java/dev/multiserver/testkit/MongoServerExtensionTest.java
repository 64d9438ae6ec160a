package dev.multiserver.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MongoServerExtensionTest {

    @Test
    void usesMongodbUriInsteadOfStartingAServer() {
        MongoServerExtension mongo = new MongoServerExtension("mongodb://db.example:27017/?replicaSet=rs0");

        mongo.startServer();

        assertThat(mongo.connectionString()).isEqualTo("mongodb://db.example:27017/?replicaSet=rs0");
        mongo.stopServer();
    }

    @Test
    void blankMongodbUriMeansInJvmServer() {
        MongoServerExtension mongo = new MongoServerExtension(" ");
        try {
            mongo.startServer();

            assertThat(mongo.connectionString()).matches("mongodb://127\\.0\\.0\\.1:\\d+");
        } finally {
            mongo.stopServer();
        }
    }

    @Test
    void stopAndStartAreRefusedForTheServerOfMongodbUri() {
        MongoServerExtension mongo = new MongoServerExtension("mongodb://db.example:27017");

        assertThat(mongo.isExternal()).isTrue();
        assertThatThrownBy(mongo::stop)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cannot stop the MongoDB named by MONGODB_URI");
        assertThatThrownBy(mongo::start)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cannot start the MongoDB named by MONGODB_URI");
    }

    @Test
    void connectionStringBeforeStartSaysHowToRegister() {
        assertThatThrownBy(() -> new MongoServerExtension(null).connectionString())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("mongo-java-server is not running")
                .hasMessageContaining("@RegisterExtension");
    }

    @Test
    void suggestsADistinctDatabasePerExtension() {
        assertThat(new MongoServerExtension(null).database())
                .startsWith("multiserver_test_")
                .isNotEqualTo(new MongoServerExtension(null).database());
    }
}
