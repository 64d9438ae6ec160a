package dev.multiserver.testkit;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/** What a {@link TestBackend}'s connections share: its id, counters, last request and custom handler. */
final class BackendState {

    private final String id;
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger inProgress = new AtomicInteger();
    private final AtomicInteger maxInProgress = new AtomicInteger();
    private final List<String> startedUris = new CopyOnWriteArrayList<>();
    private final List<String> tlsServerNames = new CopyOnWriteArrayList<>();
    private final AtomicReference<ReceivedRequest> lastRequest = new AtomicReference<>();
    private volatile BackendHandler handler;

    BackendState(String id) {
        this.id = id;
    }

    String id() {
        return id;
    }

    void connectionAccepted() {
        connections.incrementAndGet();
    }

    /** A client began a TLS handshake, sending {@code serverName} as SNI ("" for none). */
    void tlsHandshakeStarted(String serverName) {
        tlsServerNames.add(serverName);
    }

    List<String> tlsServerNames() {
        return List.copyOf(tlsServerNames);
    }

    /** A request head arrived: the request is in progress until its response is written or the connection ends. */
    void requestStarted(String uri) {
        startedUris.add(uri);
        maxInProgress.accumulateAndGet(inProgress.incrementAndGet(), Math::max);
    }

    void requestEnded() {
        inProgress.decrementAndGet();
    }

    List<String> startedUris() {
        return List.copyOf(startedUris);
    }

    int maxInProgress() {
        return maxInProgress.get();
    }

    void requestReceived(ReceivedRequest request) {
        lastRequest.set(request);
        requests.incrementAndGet();
    }

    int connectionCount() {
        return connections.get();
    }

    int requestCount() {
        return requests.get();
    }

    ReceivedRequest lastRequest() {
        return lastRequest.get();
    }

    BackendHandler handler() {
        return handler;
    }

    void handler(BackendHandler handler) {
        this.handler = handler;
    }
}
