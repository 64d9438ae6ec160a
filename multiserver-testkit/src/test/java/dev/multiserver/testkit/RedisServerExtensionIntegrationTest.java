package dev.multiserver.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RedisServerExtensionIntegrationTest {

    @RegisterExtension
    static final RedisServerExtension redis = new RedisServerExtension();

    @Test
    @Order(1)
    void runsRedisOnALoopbackPort() throws Exception {
        assertThat(redis.isRunning()).isTrue();
        assertThat(redis.host()).isEqualTo("127.0.0.1");
        assertThat(redis.uri()).isEqualTo("redis://127.0.0.1:" + redis.port());
        assertThat(TextProtocol.redis(redis.port(), "PING")).isEqualTo("+PONG\r\n");
        assertThat(TextProtocol.redis(redis.port(), "CONFIG", "GET", "save")).isNotNull();
    }

    @Test
    @Order(2)
    void restartsOnTheSamePortAfterBeingKilled() throws Exception {
        int port = redis.port();
        assertThat(TextProtocol.redis(port, "SET", "k", "v")).isEqualTo("+OK\r\n");

        redis.kill();

        assertThat(redis.isRunning()).isFalse();
        assertThatThrownBy(() -> new Socket("127.0.0.1", port).close()).isInstanceOf(ConnectException.class);

        redis.restart();

        assertThat(redis.port()).isEqualTo(port);
        assertThat(TextProtocol.redis(port, "PING")).isEqualTo("+PONG\r\n");
        assertThat(TextProtocol.redis(port, "GET", "k")).isEqualTo("$-1\r\n");
    }

    @Test
    @Order(3)
    void leavesTheServerStoppedForTheNextTest() {
        redis.stop();

        assertThat(redis.isRunning()).isFalse();
    }

    @Test
    @Order(4)
    void startsTheServerAgainBeforeATestIfAnEarlierOneStoppedIt() throws Exception {
        assertThat(redis.isRunning()).isTrue();
        assertThat(TextProtocol.redis(redis.port(), "PING")).isEqualTo("+PONG\r\n");
    }

    @Test
    @Order(5)
    void movesToAnotherPortWhenItsPortIsTakenBeforeTheFirstStart() throws Exception {
        RedisServerExtension other = new RedisServerExtension();
        int taken = other.port();
        try (ServerSocket squatter = new ServerSocket()) {
            squatter.bind(new InetSocketAddress("127.0.0.1", taken));

            other.start();

            assertThat(other.port()).isNotEqualTo(taken);
            assertThat(TextProtocol.redis(other.port(), "PING")).isEqualTo("+PONG\r\n");
        } finally {
            other.stop();
        }
    }
}
