package dev.multiserver.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.multiserver.redis.RedisStoreUri.HostAndPort;
import io.lettuce.core.RedisCredentials;
import io.lettuce.core.RedisURI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class RedisStoreUriTest {

    @Test
    void readsHostPortAndDatabase() {
        RedisStoreUri uri = RedisStoreUri.parse("redis://10.0.0.5:6380/3");

        assertThat(uri.hosts()).containsExactly(new HostAndPort("10.0.0.5", 6380));
        assertThat(uri.database()).isEqualTo(3);
        assertThat(uri.tls()).isFalse();
        assertThat(uri.cluster()).isFalse();
        assertThat(uri).hasToString("redis://10.0.0.5:6380/3");
    }

    @Test
    void portDefaultsTo6379AndDatabaseTo0() {
        RedisStoreUri uri = RedisStoreUri.parse("redis://cache.internal");

        assertThat(uri.hosts()).containsExactly(new HostAndPort("cache.internal", 6379));
        assertThat(uri.database()).isZero();
        assertThat(uri).hasToString("redis://cache.internal:6379");
    }

    @Test
    void passesUserPasswordDatabaseAndTimeoutToLettuce() {
        RedisURI lettuce = RedisStoreUri.parse("rediss://app:p%40ss+word@redis.internal:6380/2")
                .toLettuce(Duration.ofMillis(700)).get(0);

        RedisCredentials credentials = credentials(lettuce);
        assertThat(credentials.getUsername()).isEqualTo("app");
        assertThat(credentials.getPassword()).containsExactly("p@ss+word".toCharArray());
        assertThat(lettuce.isSsl()).isTrue();
        assertThat(lettuce.getDatabase()).isEqualTo(2);
        assertThat(lettuce.getTimeout()).isEqualTo(Duration.ofMillis(700));
    }

    @Test
    void aPasswordWithoutUserIsForTheDefaultUser() {
        RedisURI lettuce = RedisStoreUri.parse("redis://:secret@h:1").toLettuce(Duration.ofSeconds(1)).get(0);

        RedisCredentials credentials = credentials(lettuce);
        assertThat(credentials.hasUsername()).isFalse();
        assertThat(credentials.getPassword()).containsExactly("secret".toCharArray());
    }

    private static RedisCredentials credentials(RedisURI uri) {
        return uri.getCredentialsProvider().resolveCredentials().block(Duration.ofSeconds(1));
    }

    @Test
    void theStoreNamesItselfWithoutCredentials() {
        assertThat(RedisStoreUri.parse("redis://app:secret@h:1/0")).hasToString("redis://h:1");
    }

    @Test
    void clusterTakesSeveralHosts() {
        RedisStoreUri uri = RedisStoreUri.parse("redis-cluster://:pw@r1:7000,r2:7001,[::1]:7002");

        assertThat(uri.cluster()).isTrue();
        assertThat(uri.hosts()).containsExactly(
                new HostAndPort("r1", 7000), new HostAndPort("r2", 7001), new HostAndPort("::1", 7002));
        assertThat(uri.toLettuce(Duration.ofSeconds(1))).extracting(RedisURI::getPort)
                .containsExactly(7000, 7001, 7002);
        assertThat(uri).hasToString("redis-cluster://r1:7000,r2:7001,[::1]:7002");
    }

    @Test
    void malformedUrisAreRefusedNamingWhatIsWrongWithoutThePassword() {
        List.of(
                "redis://:hunter2@h:notaport",
                "redis://:hunter2@h:0",
                "redis://:hunter2@h:65536",
                "redis://:hunter2@h:6379/x",
                "redis://:hunter2@h1:1,h2:2",
                "redis://:hunter2@",
                "redis://:hunter2@h:1?timeout=5",
                "redis-cluster://:hunter2@h:1/2",
                "redis://:hunter2@bad host:1",
                "redis://:hunter2@[::1:1")
                .forEach(uri -> assertThatThrownBy(() -> RedisStoreUri.parse(uri))
                        .as(uri)
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageStartingWith("session store '" + uri.replace(":hunter2@", "***@") + "': ")
                        .message().doesNotContain("hunter2"));
    }

    @Test
    void messagesSayWhatIsExpected() {
        assertThatThrownBy(() -> RedisStoreUri.parse("redis://h:99999"))
                .hasMessage("session store 'redis://h:99999': port '99999' of host 'h' (expected: 1 to 65535)");
        assertThatThrownBy(() -> RedisStoreUri.parse("redis://h:1/db"))
                .hasMessage("session store 'redis://h:1/db': database 'db' (expected: a number such as /0 or /3)");
        assertThatThrownBy(() -> RedisStoreUri.parse("redis://a:1,b:2"))
                .hasMessage("session store 'redis://a:1,b:2': 2 hosts (expected: one; use redis-cluster:// for a "
                        + "cluster)");
    }

    @Test
    void unknownSchemeIsRefused() {
        assertThatThrownBy(() -> RedisStoreUri.parse("valkey://user:pw@h:1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("session store 'valkey://***@h:1': unknown scheme 'valkey' (expected: redis, rediss or "
                        + "redis-cluster)");
        assertThatThrownBy(() -> RedisStoreUri.parse("h:6379"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no scheme");
    }

    @Test
    void redactionHidesEverythingBeforeTheLastAtOfTheAuthority() {
        assertThat(RedisStoreUri.redact("redis://u:p@ss@h:1/0")).isEqualTo("redis://***@h:1/0");
        assertThat(RedisStoreUri.redact("redis://h:1/a@b")).isEqualTo("redis://h:1/a@b");
        assertThat(RedisStoreUri.redact("redis://h:1")).isEqualTo("redis://h:1");
    }
}
