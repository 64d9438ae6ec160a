package dev.multiserver.mongo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.spi.dns.DnsClient;
import java.util.List;
import org.junit.jupiter.api.Test;

class MongoUriTest {

    /** Answers the SRV and TXT lookups of {@code mongodb+srv://cluster0.example.net} without a network. */
    private static final DnsClient EXAMPLE_DNS = (name, type) -> type.equals("TXT")
            ? List.of("authSource=admin")
            : List.of("0 0 27017 db1.example.net", "0 0 27017 db2.example.net");

    @Test
    void databaseComesFromThePath() {
        MongoUri uri = MongoUri.parse("mongodb://db1:27017,db2:27018/shop?replicaSet=rs0");

        assertThat(uri.database()).isEqualTo("shop");
        assertThat(uri.connectionString().getHosts()).containsExactly("db1:27017", "db2:27018");
        assertThat(uri.connectionString().getRequiredReplicaSetName()).isEqualTo("rs0");
    }

    @Test
    void databaseIsMultiserverWhenThePathNamesNone() {
        assertThat(MongoUri.parse("mongodb://db:27017").database()).isEqualTo("multiserver");
        assertThat(MongoUri.parse("mongodb://db:27017/").database()).isEqualTo("multiserver");
        assertThat(MongoUri.parse("mongodb://db:27017/?w=majority").database()).isEqualTo("multiserver");
    }

    @Test
    void storeIsNamedWithoutCredentialsOrOptions() {
        MongoUri uri = MongoUri.parse("mongodb://app:s3cret@db1:27017,db2/shop?authSource=admin&tls=true");

        assertThat(uri).hasToString("mongodb://db1:27017,db2/shop");
    }

    @Test
    void schemeIsCaseInsensitive() {
        assertThat(MongoUri.parse("MongoDB://db:27017/shop")).hasToString("mongodb://db:27017/shop");
    }

    @Test
    void srvUriIsResolvedThroughDns() {
        MongoUri uri = MongoUri.parse("mongodb+srv://app:pw@cluster0.example.net/shop", EXAMPLE_DNS);

        assertThat(uri.database()).isEqualTo("shop");
        assertThat(uri.connectionString().getCredential().getSource()).isEqualTo("admin");
        assertThat(uri).hasToString("mongodb+srv://cluster0.example.net/shop");
    }

    @Test
    void malformedUriIsRefusedNamingItWithoutItsPassword() {
        assertThatThrownBy(() -> MongoUri.parse("mongodb://app:s3cret@db:notaport/shop"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("session store 'mongodb://***@db:notaport/shop': ")
                .hasMessageNotContaining("s3cret");
    }

    @Test
    void passwordWithAnUnescapedAtOrSlashIsHiddenToo() {
        assertThatThrownBy(() -> MongoUri.parse("mongodb://app:p@ss/w0rd@db/shop"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("p@ss")
                .hasMessageNotContaining("w0rd");
    }

    @Test
    void otherSchemesAreRefused() {
        assertThatThrownBy(() -> MongoUri.parse("redis://app:s3cret@db:6379"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("session store 'redis://***@db:6379': the scheme is not mongodb");
        assertThatThrownBy(() -> MongoUri.parse("db:27017"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expected: mongodb://");
    }

    @Test
    void hostIsRequired() {
        assertThatThrownBy(() -> MongoUri.parse("mongodb:///shop"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("session store 'mongodb:///shop': ");
    }

    @Test
    void emptyHostIsRefused() {
        assertThatThrownBy(() -> MongoUri.parse("mongodb://:27017/shop"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("session store 'mongodb://:27017/shop': a host name is empty");
    }

    @Test
    void collectionInThePathIsRefused() {
        assertThatThrownBy(() -> MongoUri.parse("mongodb://db/shop.sessions"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("names a collection ('shop.sessions')");
    }

    @Test
    void databaseNamesMongoDbRefusesAreRefused() {
        for (String database : List.of("a$b", "a%20b", "a*b", "a%22b", "x".repeat(64))) {
            assertThatThrownBy(() -> MongoUri.parse("mongodb://db/" + database))
                    .as(database)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("session store 'mongodb://db/" + database + "': ");
        }
    }

    @Test
    void unacknowledgedWritesAreRefused() {
        assertThatThrownBy(() -> MongoUri.parse("mongodb://db/shop?w=0"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("w=0 is not supported");
    }

    @Test
    void redactHidesUserInformationAndSecretOptions() {
        assertThat(MongoUri.redact("mongodb://db:27017/shop")).isEqualTo("mongodb://db:27017/shop");
        assertThat(MongoUri.redact("mongodb://app:pw@db/shop")).isEqualTo("mongodb://***@db/shop");
        assertThat(MongoUri.redact("mongodb://app@db/shop")).isEqualTo("mongodb://***@db/shop");
        assertThat(MongoUri.redact("mongodb://db/shop?tls=true&tlsCertificateKeyFilePassword=pw&appName=a@b"))
                .isEqualTo("mongodb://db/shop?tls=true&tlsCertificateKeyFilePassword=***&appName=a@b");
        assertThat(MongoUri.redact("mongodb://db/?authMechanism=MONGODB-AWS"
                + "&authMechanismProperties=AWS_SESSION_TOKEN:token"))
                .isEqualTo("mongodb://db/?authMechanism=MONGODB-AWS&authMechanismProperties=***");
    }
}
