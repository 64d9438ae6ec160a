package dev.multiserver.testkit;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A WebSocket client of the demo application's chat ({@code /ws/chat?room=…}), as a browser tab would be: what it
 * received, and how it was closed. Used by the demo's own tests and by the CLI's end-to-end tests of
 * {@code multiserver demo}.
 *
 * <pre>{@code
 * try (DemoChatClient alice = DemoChatClient.connect(http, port, "?room=lobby")) {
 *     alice.say("hello");
 *     String echoed = alice.nextContaining("hello", Duration.ofSeconds(5));
 * }
 * }</pre>
 */
public final class DemoChatClient implements AutoCloseable {

    private final BlockingQueue<String> received = new LinkedBlockingQueue<>();
    private final CompletableFuture<String> closed = new CompletableFuture<>();
    private final WebSocket socket;

    private DemoChatClient(HttpClient http, URI uri) {
        this.socket = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5))
                .buildAsync(uri, new Listener()).orTimeout(10, TimeUnit.SECONDS).join();
    }

    /** Connects to {@code ws://127.0.0.1:PORT/ws/chat?room=ROOM} (ROOM as given, not encoded). */
    public static DemoChatClient connect(HttpClient http, int port, String query) {
        return new DemoChatClient(http, URI.create("ws://127.0.0.1:" + port + "/ws/chat" + query));
    }

    public void say(String text) {
        socket.sendText(text, true).orTimeout(5, TimeUnit.SECONDS).join();
    }

    /** The next message, or null when none came within {@code timeout}. */
    public String next(Duration timeout) throws InterruptedException {
        return received.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The next message containing {@code text}, skipping others; null when none came within {@code timeout}. */
    public String nextContaining(String text, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (long left = timeout.toNanos(); left > 0; left = deadline - System.nanoTime()) {
            String message = received.poll(left, TimeUnit.NANOSECONDS);
            if (message != null && message.contains(text)) {
                return message;
            }
        }
        return null;
    }

    /** Completes with "CODE reason" when the server closes the connection. */
    public CompletableFuture<String> closed() {
        return closed;
    }

    @Override
    public void close() {
        if (!socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").exceptionally(e -> null);
        }
        socket.abort();
    }

    private final class Listener implements WebSocket.Listener {

        private final StringBuilder partial = new StringBuilder();

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

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(statusCode + " " + reason);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.completeExceptionally(error);
        }
    }
}
