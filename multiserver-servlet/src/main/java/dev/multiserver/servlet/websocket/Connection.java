package dev.multiserver.servlet.websocket;

import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import java.util.ArrayDeque;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * One WebSocket session's outgoing side: a bounded queue and at most one asynchronous send in flight, so a client
 * that reads slowly holds up only itself. {@link #offer} never blocks; a full queue ends the connection through the
 * overflow handler.
 */
final class Connection {

    private final Session session;
    private final String id;
    private final int maxQueued;
    private final Counters counters;
    private final Consumer<Connection> onOverflow;
    /** The rooms joined; changed only under this connection's lock, read by the presence sweep. */
    final Set<String> rooms = ConcurrentHashMap.newKeySet();

    private final ArrayDeque<Outgoing> queue = new ArrayDeque<>();   // guarded by this
    private boolean sending;                                         // guarded by this
    private boolean ended;                                           // guarded by this

    Connection(Session session, String id, int maxQueued, Counters counters, Consumer<Connection> onOverflow) {
        this.session = session;
        this.id = id;
        this.maxQueued = maxQueued;
        this.counters = counters;
        this.onOverflow = onOverflow;
    }

    String id() {
        return id;
    }

    Session session() {
        return session;
    }

    boolean isOpen() {
        return session.isOpen();
    }

    /** Queues a message, and starts sending unless a send is in flight. */
    void offer(Outgoing message) {
        boolean overflow = false;
        synchronized (this) {
            if (ended || !session.isOpen()) {
                counters.dropped.increment();
                return;
            }
            if (queue.size() >= maxQueued) {
                overflow = true;
                counters.dropped.add(queue.size() + 1L);
                queue.clear();
                ended = true;
            } else {
                queue.add(message);
                if (sending) {
                    return;
                }
                sending = true;
            }
        }
        if (overflow) {
            onOverflow.accept(this);
        } else {
            pump();
        }
    }

    /** Stops sending: what is queued is dropped. */
    void end() {
        synchronized (this) {
            ended = true;
            counters.dropped.add(queue.size());
            queue.clear();
        }
    }

    /**
     * Sends queued messages one at a time while this thread holds the right to send. A send that completes within
     * the call lets the loop go on here; one that completes later continues on the container's thread. Looping
     * instead of recursing keeps the stack flat when a container completes every send at once.
     */
    private void pump() {
        while (true) {
            Outgoing next;
            synchronized (this) {
                next = ended ? null : queue.poll();
                if (next == null) {
                    sending = false;
                    return;
                }
            }
            Completion completion = new Completion();
            try {
                if (next.isBinary()) {
                    session.getAsyncRemote().sendBinary(next.buffer(), completion);
                } else {
                    session.getAsyncRemote().sendText(next.text(), completion);
                }
            } catch (RuntimeException e) {
                // closed under us (IllegalStateException), or a container that reports failures by throwing
                completion.onResult(new SendResult(e));
            }
            if (!completion.returnedBeforeCompletion()) {
                continue;
            }
            return;
        }
    }

    private void sent(SendResult result) {
        if (result.isOK()) {
            counters.delivered.increment();
        } else {
            counters.dropped.increment();
            end();
        }
    }

    /** Decides, between the sending thread and the completing one, which of them sends the next message. */
    private final class Completion implements SendHandler {

        private static final int IN_CALL = 0;
        private static final int RETURNED = 1;
        private static final int COMPLETED_IN_CALL = 2;

        private final AtomicInteger state = new AtomicInteger(IN_CALL);

        @Override
        public void onResult(SendResult result) {
            sent(result);
            if (!state.compareAndSet(IN_CALL, COMPLETED_IN_CALL)) {
                pump();    // the sending thread has returned: the pump goes on here
            }
        }

        /** Called once the send call returned: true when the completion will go on pumping. */
        boolean returnedBeforeCompletion() {
            return state.compareAndSet(IN_CALL, RETURNED);
        }
    }
}
