package dev.multiserver.servlet.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A real WebSocket client of the chat endpoint (the JDK's): collects the chat messages it receives, in order, apart
 * from the endpoint's own {@code @} replies.
 */
final class ChatClient implements AutoCloseable {

    private final List<String> texts = new CopyOnWriteArrayList<>();
    private final List<byte[]> binaries = new CopyOnWriteArrayList<>();
    private final BlockingQueue<String> replies = new LinkedBlockingQueue<>();
    private final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
    private volatile WebSocket socket;

    private ChatClient() {
    }

    static CompletableFuture<ChatClient> connect(HttpClient http, URI uri) {
        ChatClient client = new ChatClient();
        return http.newWebSocketBuilder()
                .connectTimeout(Duration.ofSeconds(20))
                .buildAsync(uri, client.new Collector())
                .thenApply(socket -> {
                    client.socket = socket;
                    return client;
                });
    }

    /** Connected, and a member of the path's room (the endpoint answered a command sent after the join). */
    static ChatClient join(HttpClient http, URI uri) {
        ChatClient client = connect(http, uri).join();
        client.id();
        return client;
    }

    List<String> texts() {
        return texts;
    }

    List<byte[]> binaries() {
        return binaries;
    }

    CompletableFuture<Integer> closeCode() {
        return closeCode;
    }

    synchronized void send(String text) {
        socket.sendText(text, true).join();
    }

    synchronized void send(byte[] binary) {
        socket.sendBinary(ByteBuffer.wrap(binary), true).join();
    }

    String id() {
        send("id");
        return reply("@id ");
    }

    void join(String room) {
        send("join " + room);
        reply("@joined " + room);
    }

    void leave(String room) {
        send("leave " + room);
        reply("@left " + room);
    }

    void say(String room, String text) {
        send("say " + room + " " + text);
    }

    void sendTo(String connectionId, String text) {
        send("to " + connectionId + " " + text);
    }

    private String reply(String prefix) {
        try {
            String reply = replies.poll(20, TimeUnit.SECONDS);
            assertThat(reply).as("the endpoint's reply").isNotNull().startsWith(prefix);
            return reply.substring(prefix.length());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        if (!socket.isOutputClosed()) {
            synchronized (this) {
                socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").exceptionally(e -> null).join();
            }
        }
        socket.abort();
    }

    /** Closes normally and waits for the server's answering close. */
    void closeAndAwait() {
        synchronized (this) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();
        }
        closeCode.orTimeout(20, TimeUnit.SECONDS).join();
    }

    private final class Collector implements WebSocket.Listener {

        private final StringBuilder text = new StringBuilder();
        private final ByteArrayOutputStream binary = new ByteArrayOutputStream();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                String message = text.toString();
                text.setLength(0);
                if (message.startsWith("@")) {
                    replies.add(message);
                } else {
                    texts.add(message);
                }
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            byte[] part = new byte[data.remaining()];
            data.get(part);
            binary.writeBytes(part);
            if (last) {
                binaries.add(binary.toByteArray());
                binary.reset();
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closeCode.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closeCode.completeExceptionally(error);
        }
    }
}
