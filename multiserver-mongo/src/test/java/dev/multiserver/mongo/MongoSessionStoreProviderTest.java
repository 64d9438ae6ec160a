package dev.multiserver.mongo;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.multiserver.session.SessionStores;
import org.junit.jupiter.api.Test;

class MongoSessionStoreProviderTest {

    @Test
    void sessionStoresHandsMongodbUrisToThisModule() {
        assertThatThrownBy(() -> SessionStores.open("mongodb://app:s3cret@:27017/shop"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("session store 'mongodb://***@:27017/shop': a host name is empty")
                .hasMessageNotContaining("s3cret");
    }

    @Test
    void sessionStoresHandsMongodbSrvUrisToThisModule() {
        assertThatThrownBy(() -> SessionStores.open("mongodb+srv://app:s3cret@db1.example.net:27017/shop"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("session store 'mongodb+srv://***@db1.example.net:27017/shop': ")
                .hasMessageNotContaining("s3cret");
    }
}
