package dev.multiserver.cli.balance;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.multiserver.testkit.RedisServerExtension;
import dev.multiserver.testkit.TestBackend;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two {@code multiserver balance --cache-shared redis://…} processes in front of one backend, as two balancer
 * instances behind one name would run: what one of them stored, the other answers as a hit without asking the
 * backend. (The requests carry one {@code Host}, as they would through DNS: the cache key includes it.)
 */
class SharedCacheIntegrationTest {

    private static final Pattern LISTENING = Pattern.compile("multiserver balancing http://[^ ]+:(\\d+) across");
    private static final String PATH = "/page?size=64&header=Cache-Control:public,max-age=600";

    @RegisterExtension
    static final RedisServerExtension redis = new RedisServerExtension();

    @TempDir
    Path dir;

    private final List<Process> processes = new ArrayList<>();
    private TestBackend backend;

    @BeforeEach
    void startBackend() {
        backend = TestBackend.start("app");
    }

    @AfterEach
    void stopEverythingStarted() throws Exception {
        for (Process process : processes) {
            process.destroy();
            if (!process.waitFor(15, SECONDS)) {
                process.destroyForcibly();
            }
        }
        backend.close();
    }

    @Test
    void aResponseStoredThroughOneBalancerIsAHitOnTheOther() throws Exception {
        int first = balancer("first");
        int second = balancer("second");

        Answer miss = get(first);
        assertThat(miss.header("X-Cache")).isEqualTo("MISS");
        assertThat(backend.requestCount()).isEqualTo(1);

        // the shared tier is written once the body has gone by, asynchronously: wait until Redis holds the entry
        try (RedisClient raw = RedisClient.create(redis.uri());
             StatefulRedisConnection<String, String> connection = raw.connect()) {
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    !connection.sync().keys("multiserver:cache:v *").isEmpty());
        }
        Answer hit = get(second);
        assertThat(hit.header("X-Cache")).isEqualTo("HIT");
        assertThat(hit.body()).isEqualTo(miss.body()).hasSize(64);
        assertThat(backend.requestCount()).as("the second balancer never asked the backend").isEqualTo(1);
    }

    private int balancer(String name) throws IOException {
        BalanceProcess balance = BalanceProcess.start(dir, name, List.of("--bind", "127.0.0.1",
                "--port", "0", "--no-admin", "--backend", backend.uri().toString(), "--cache-shared", redis.uri()));
        processes.add(balance.process());
        return balance.port(LISTENING);
    }

    /** GET over a plain socket, with the one Host both balancers are known by. */
    private static Answer get(int port) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("GET " + PATH + " HTTP/1.1\r\nHost: shop.example\r\n"
                    + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            int end = answer.indexOf("\r\n\r\n");
            return new Answer(answer.substring(0, end), answer.substring(end + 4));
        }
    }

    private record Answer(String head, String body) {
        String header(String name) {
            return head.lines().filter(line -> line.regionMatches(true, 0, name + ":", 0, name.length() + 1))
                    .map(line -> line.substring(name.length() + 1).trim()).findFirst().orElse(null);
        }
    }
}
