package dev.multiserver.examples.websocketchat;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class WebSocketChatExampleIntegrationTest {

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aMessageSaidOnOneServerReachesAClientOnTheOther() throws Exception {
        try (WebSocketChatExample example = WebSocketChatExample.start(0)) {
            Client alice = new Client(example.port());
            Client bob = new Client(example.port());
            try {
                String aliceServer = alice.next().replace("welcome to ", "");
                String bobServer = bob.next().replace("welcome to ", "");
                assertThat(bobServer).as("round robin puts them on different servers").isNotEqualTo(aliceServer);

                alice.say("hello bob");

                assertThat(bob.next()).isEqualTo(aliceServer + ": hello bob");
                assertThat(alice.next()).isEqualTo(aliceServer + ": hello bob");
            } finally {
                alice.close();
                bob.close();
            }
        }
    }

    /** A WebSocket client through the balancer, keeping what it received. */
    private final class Client implements WebSocket.Listener {

        private final BlockingQueue<String> received = new LinkedBlockingQueue<>();
        private final StringBuilder partial = new StringBuilder();
        private final WebSocket socket;

        Client(int port) {
            socket = http.newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + port + "/chat"), this)
                    .orTimeout(10, TimeUnit.SECONDS).join();
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                received.add(partial.toString());
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        void say(String text) {
            socket.sendText(text, true).orTimeout(5, TimeUnit.SECONDS).join();
        }

        /** The next message, failing after 5 s without one. */
        String next() throws InterruptedException {
            String message = received.poll(Duration.ofSeconds(5).toMillis(), TimeUnit.MILLISECONDS);
            assertThat(message).as("a message within 5 s").isNotNull();
            return message;
        }

        void close() {
            socket.abort();
        }
    }
}
