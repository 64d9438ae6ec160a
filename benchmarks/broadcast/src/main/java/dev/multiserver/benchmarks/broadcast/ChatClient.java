package dev.multiserver.benchmarks.broadcast;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** A WebSocket client of the chat: records the age of every whole message it receives. */
final class ChatClient implements WebSocket.Listener, Sender {

    private final LatencyLog latencies;
    private final AtomicLong received = new AtomicLong();
    private final StringBuilder partial = new StringBuilder();
    private final WebSocket socket;

    ChatClient(HttpClient http, URI uri, LatencyLog latencies) throws Exception {
        this.latencies = latencies;
        this.socket = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5))
                .buildAsync(uri, this).get(10, TimeUnit.SECONDS);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            long age = Message.age(partial);
            if (age >= 0 && latencies != null) {
                latencies.record(age);
            }
            received.incrementAndGet();
            partial.setLength(0);
        }
        webSocket.request(1);
        return null;
    }

    long received() {
        return received.get();
    }

    @Override
    public void send(String text) throws Exception {
        socket.sendText(text, true).get(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws Exception {
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(5, TimeUnit.SECONDS);
    }
}
