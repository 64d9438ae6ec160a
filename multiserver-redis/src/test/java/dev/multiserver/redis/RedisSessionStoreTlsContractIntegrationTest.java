package dev.multiserver.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.multiserver.session.SessionChanges;
import dev.multiserver.session.SessionStoreException;
import dev.multiserver.testkit.RedisServerExtension;
import dev.multiserver.testkit.TestCertificateAuthority;
import dev.multiserver.testkit.session.SessionStoreContract;
import dev.multiserver.testkit.session.StoreServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The contract over {@code rediss://}, trusting the test CA that issued the server's certificate. */
class RedisSessionStoreTlsContractIntegrationTest extends SessionStoreContract {

    private static final TestCertificateAuthority ca = TestCertificateAuthority.create("redis test CA");

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    @RegisterExtension
    static final RedisServerExtension redis = RedisServerExtension.tls(ca);

    @TempDir
    static Path directory;

    private static Path caPem() {
        Path file = directory.resolve("ca.pem");
        return Files.exists(file) ? file : ca.writeCertificate(file);
    }

    @Override
    protected RedisSessionStore openStore() {
        // A JVM's first TLS handshake (JSSE set-up, key exchange) can take seconds on a small, busy machine.
        return RedisSessionStore.builder(redis.uri()).trustedCertificates(caPem()).timeout(TIMEOUT).build();
    }

    @Override
    protected Duration failureBound() {
        return TIMEOUT.plusSeconds(3);
    }

    @Override
    protected boolean writeForeignData(String id) {
        try (RawRedis raw = RawRedis.connect("redis://127.0.0.1:" + redis.port())) {
            raw.commands().set("multiserver:session:" + id, "not a session");
        }
        return true;
    }

    @Override
    protected Optional<StoreServer> server() {
        return Optional.of(StoreServer.of(redis::kill, redis::start));
    }

    @Test
    void sessionsTravelOverTheTlsPort() {
        try (RedisSessionStore store = openStore()) {
            assertThat(store.uri()).isEqualTo("rediss://127.0.0.1:" + redis.tlsPort());
            String id = newId();
            store.save(SessionChanges.create(id, Instant.now(), Duration.ofMinutes(5)).set("a", "1"));
            assertThat(store.load(id)).isPresent();
        }
    }

    @Test
    void serverWhoseCertificateIsNotTrustedIsRefused() {
        try (RedisSessionStore store = RedisSessionStore.of(redis.uri())) {
            assertThatThrownBy(() -> store.load(newId()))
                    .isInstanceOf(SessionStoreException.class)
                    .hasMessageStartingWith(store.uri() + ": load of session ")
                    .hasMessageContaining("certification path");
        }
    }
}
