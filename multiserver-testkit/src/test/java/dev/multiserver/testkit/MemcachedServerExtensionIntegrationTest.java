package dev.multiserver.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ConnectException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class MemcachedServerExtensionIntegrationTest {

    @RegisterExtension
    static final MemcachedServerExtension memcached = new MemcachedServerExtension();

    @Test
    void storesAndReadsValuesOverTheTextProtocol() throws Exception {
        assertThat(memcached.uri()).isEqualTo("memcached://127.0.0.1:" + memcached.port());
        assertThat(TextProtocol.exchange(memcached.port(), "set greeting 0 0 5\r\nhello\r\n", "\r\n"))
                .isEqualTo("STORED\r\n");
        assertThat(TextProtocol.exchange(memcached.port(), "get greeting\r\n", "END\r\n"))
                .isEqualTo("VALUE greeting 0 5\r\nhello\r\nEND\r\n");
    }

    @Test
    void restartsEmptyOnTheSamePortAfterBeingKilled() throws Exception {
        int port = memcached.port();
        TextProtocol.exchange(port, "set k 0 0 1\r\nv\r\n", "\r\n");

        memcached.kill();

        assertThat(memcached.isRunning()).isFalse();
        assertThatThrownBy(() -> new Socket("127.0.0.1", port).close()).isInstanceOf(ConnectException.class);

        memcached.restart();

        assertThat(memcached.port()).isEqualTo(port);
        assertThat(TextProtocol.exchange(port, "get k\r\n", "END\r\n")).isEqualTo("END\r\n");
    }

    @Test
    void pausedServerAcceptsConnectionsButAnswersNothingUntilResumed() throws Exception {
        memcached.pause();
        try (Socket socket = new Socket("127.0.0.1", memcached.port())) {
            socket.setSoTimeout(300);
            socket.getOutputStream().write("version\r\n".getBytes(StandardCharsets.US_ASCII));

            assertThatThrownBy(() -> socket.getInputStream().read()).isInstanceOf(SocketTimeoutException.class);

            memcached.resume();
            socket.setSoTimeout(5000);
            assertThat(socket.getInputStream().read()).isEqualTo('V');
        } finally {
            memcached.resume();
        }
        assertThat(TextProtocol.exchange(memcached.port(), "version\r\n", "\r\n")).startsWith("VERSION ");
    }

    @Test
    void runsForEachTestWhenRegisteredOnAnInstanceField() throws Exception {
        MemcachedServerExtension perTest = new MemcachedServerExtension();

        perTest.beforeEach(null);
        try {
            assertThat(perTest.isRunning()).isTrue();
            assertThat(TextProtocol.exchange(perTest.port(), "version\r\n", "\r\n")).startsWith("VERSION ");
        } finally {
            perTest.afterEach(null);
        }

        assertThat(perTest.isRunning()).isFalse();
    }
}
