package dev.multiserver.servlet.websocket;

import static java.util.Objects.requireNonNull;

import dev.multiserver.pubsub.Envelope;
import dev.multiserver.pubsub.EventChannel;
import dev.multiserver.pubsub.Subscription;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rooms of WebSocket connections that span every instance of an application: a broadcast on one instance reaches
 * the members of the room on all of them, through a shared {@link EventChannel}. One hub per instance, used by its
 * Jakarta WebSocket endpoints:
 *
 * <pre>{@code
 * ClusterHub hub = ClusterHub.builder(EventChannels.open("redis://10.0.0.5:6379")).nodeId("worker-1").build();
 *
 * public class ChatEndpoint extends Endpoint {      // constructed with the hub by a ServerEndpointConfig.Configurator
 *     public void onOpen(Session session, EndpointConfig config) {
 *         String room = session.getPathParameters().get("room");
 *         hub.join(session, room);
 *         session.addMessageHandler(String.class, text -> hub.broadcast(room, text));
 *     }
 *     public void onClose(Session session, CloseReason reason) {
 *         hub.leaveAll(session);
 *     }
 * }
 * }</pre>
 *
 * <p>What it promises:
 * <ul>
 *   <li>A broadcast is written to the local members at once and published on the channel; every other node
 *       delivers it to its members once, in the order each node published (a node ignores its own messages and any
 *       it has already seen, such as a channel's replay after a reconnect). What the other nodes receive while
 *       the channel is down is what the channel's {@link EventChannel#delivery()} says.</li>
 *   <li>The future of {@link #broadcast} and {@link #send} completes when the channel accepted the message, or
 *       fails with the channel's {@link dev.multiserver.pubsub.EventChannelException}; local members got it either
 *       way. An outage makes one WARN line, and {@link #metrics()} counts the failures.</li>
 *   <li>A slow client holds up only itself: each connection has a bounded queue and one send in flight; when the
 *       queue is full the connection is closed with the overflow close code (1013 by default). Send to a session
 *       only through the hub, since Jakarta WebSocket allows one send in flight per session.</li>
 *   <li>{@link #clusterMembers} is approximate: this node's count now plus what each other node announced within
 *       the last three presence intervals.</li>
 * </ul>
 *
 * <p>Closing the hub does not close the channel (it is the caller's) nor the sessions.
 */
public final class ClusterHub implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ClusterHub.class);
    /** Room for the envelope's header within the channel's payload limit. */
    static final int MAX_MESSAGE_BYTES = EventChannel.MAX_PAYLOAD_BYTES - 1024;
    /** How long an origin's last sequence is remembered: far longer than any channel keeps messages to replay. */
    private static final long REPLAY_MEMORY_NANOS = TimeUnit.HOURS.toNanos(1);

    private final HubSettings settings;
    private final Counters counters = new Counters();
    private final Members members = new Members();
    private final ReplayFilter replays = new ReplayFilter();
    private final Presence presence;
    private final Publisher publisher;
    private final Subscription subscription;
    private final ScheduledThreadPoolExecutor housekeeping;
    private final AtomicBoolean warnedTooManyRooms = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();

    ClusterHub(HubSettings settings) {
        this.settings = settings;
        Duration interval = settings.presenceInterval();
        this.presence = new Presence(interval.toNanos() * 3);
        this.publisher = new Publisher(settings, counters);
        this.subscription = settings.channel().subscribe(settings.topic(),
                new Inbox(settings.nodeId(), members, presence, replays, counters));
        // Two threads: a container whose close blocks on a stuck client must not hold up the presence announcements.
        this.housekeeping = new ScheduledThreadPoolExecutor(2, task -> {
            Thread thread = new Thread(task, "multiserver-hub-" + settings.nodeId());
            thread.setDaemon(true);
            return thread;
        });
        housekeeping.setRemoveOnCancelPolicy(true);
        housekeeping.scheduleWithFixedDelay(this::housekeep, 0, interval.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** A builder of a hub that talks to other nodes over the channel. */
    public static ClusterHubBuilder builder(EventChannel channel) {
        return new ClusterHubBuilder(channel);
    }

    /** This node's id, the prefix of its connection ids. */
    public String nodeId() {
        return settings.nodeId();
    }

    /**
     * Adds the session to the room (1 to 200 characters, no control characters); joining twice changes nothing.
     *
     * @throws IllegalStateException when the session or the hub is closed
     */
    public void join(Session session, String room) {
        requireNonNull(session, "session");
        Names.room(room);
        checkOpen();
        if (!session.isOpen()) {
            throw new IllegalStateException("join '" + room + "': the session is closed");
        }
        members.join(connection(session), room);
    }

    /** Takes the session out of the room; nothing happens when it is not a member. */
    public void leave(Session session, String room) {
        requireNonNull(session, "session");
        Names.room(room);
        Connection connection = members.find(idOf(session));
        if (connection != null) {
            members.leave(connection, room);
        }
    }

    /**
     * Takes the session out of every room; call it from {@code onClose}. A closed session is also forgotten, which
     * makes a later {@link #join} fail; containers such as Jetty still report the session open during
     * {@code onClose}, and the hub then forgets it at the next presence interval, when it looks for closed sessions.
     */
    public void leaveAll(Session session) {
        requireNonNull(session, "session");
        Connection connection = members.find(idOf(session));
        if (connection != null) {
            members.leaveAll(connection);
            if (!session.isOpen()) {
                forget(connection);
            }
        }
    }

    /**
     * Sends the text to every member of the room on every node.
     *
     * @return completes when the channel accepted the message, or fails with its
     *         {@link dev.multiserver.pubsub.EventChannelException}; local members got the message either way
     * @throws IllegalArgumentException when the room is malformed or the message longer than 1 MiB less 1 KiB
     */
    public CompletableFuture<Void> broadcast(String room, String text) {
        Names.room(room);
        requireNonNull(text, "text");
        byte[] bytes = checkSize(text.getBytes(StandardCharsets.UTF_8));
        checkOpen();
        members.deliver(room, Outgoing.text(text));
        return publisher.publish(Envelope.Scope.ROOM, room, false, bytes);
    }

    /** Sends the buffer's remaining bytes, as a binary message, to every member of the room on every node. */
    public CompletableFuture<Void> broadcast(String room, ByteBuffer data) {
        Names.room(room);
        byte[] bytes = checkSize(copy(data));
        checkOpen();
        members.deliver(room, Outgoing.binary(bytes));
        return publisher.publish(Envelope.Scope.ROOM, room, true, bytes);
    }

    /**
     * Sends the text to one connection, on whatever node it is. A connection that has gone is not an error: the
     * message is dropped (and counted as such by the node that held it).
     *
     * @param connectionId an id from {@link #connectionId(Session)}, possibly of another node
     * @return completes once the message is queued here or accepted by the channel; fails as {@link #broadcast}
     */
    public CompletableFuture<Void> send(String connectionId, String text) {
        requireNonNull(text, "text");
        return send(connectionId, Outgoing.text(text), false, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Sends the buffer's remaining bytes, as a binary message, to one connection on whatever node it is. */
    public CompletableFuture<Void> send(String connectionId, ByteBuffer data) {
        byte[] bytes = copy(data);
        return send(connectionId, Outgoing.binary(bytes), true, bytes);
    }

    private CompletableFuture<Void> send(String connectionId, Outgoing message, boolean binary, byte[] bytes) {
        String node = Names.nodeOf(connectionId);
        checkSize(bytes);
        checkOpen();
        if (!node.equals(settings.nodeId())) {
            return publisher.publish(Envelope.Scope.CONNECTION, connectionId, binary, bytes);
        }
        Connection connection = members.find(connectionId);
        if (connection == null) {
            counters.dropped.increment();
        } else {
            connection.offer(message);
        }
        return CompletableFuture.completedFuture(null);
    }

    /**
     * The session's id in the cluster, {@code nodeId + "/" + session.getId()}, to hand to other connections for
     * {@link #send}. From then on the hub can deliver to the session, in a room or not.
     */
    public String connectionId(Session session) {
        requireNonNull(session, "session");
        if (session.isOpen() && !closed.get()) {
            connection(session);
        }
        return idOf(session);
    }

    /** The members of the room on this node. */
    public int localMembers(String room) {
        return members.count(Names.room(room));
    }

    /**
     * The members of the room on every node, approximately: this node's count now plus what each other node
     * announced within the last three presence intervals (so a change elsewhere shows after up to one interval,
     * and a node that vanished without a goodbye still counts for up to three).
     */
    public long clusterMembers(String room) {
        return members.count(Names.room(room)) + presence.others(room, System.nanoTime());
    }

    /** What this hub has done so far. */
    public ClusterHubMetrics metrics() {
        return counters.snapshot();
    }

    /**
     * Unsubscribes and stops the presence announcements, telling the other nodes this node's rooms are empty.
     * The channel and the sessions stay open. Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        housekeeping.shutdownNow();
        publisher.publishQuietly(Envelope.Scope.PRESENCE, "", Presence.encode(Map.of(), MAX_MESSAGE_BYTES).bytes());
        subscription.close();
    }

    @Override
    public String toString() {
        return "ClusterHub[" + settings.nodeId() + " on " + settings.channel().uri() + " topic '" + settings.topic()
                + "']";
    }

    private String idOf(Session session) {
        return settings.nodeId() + "/" + session.getId();
    }

    private Connection connection(Session session) {
        return members.connection(idOf(session),
                id -> new Connection(session, id, settings.maxQueuedMessages(), counters, this::overflowed));
    }

    private void overflowed(Connection connection) {
        counters.overflowClosed.increment();
        forget(connection);
        log.debug("ClusterHub {}: closing {}: more than {} messages queued", settings.nodeId(), connection.id(),
                settings.maxQueuedMessages());
        CloseReason reason = new CloseReason(CloseReason.CloseCodes.getCloseCode(settings.overflowCloseCode()),
                "too slow: more than " + settings.maxQueuedMessages() + " messages queued");
        Runnable close = () -> {
            try {
                connection.session().close(reason);
            } catch (IOException | RuntimeException e) {
                log.debug("ClusterHub {}: closing {} failed", settings.nodeId(), connection.id(), e);
            }
        };
        try {
            housekeeping.execute(close);
        } catch (RejectedExecutionException e) {
            close.run();    // the hub is closing
        }
    }

    private void forget(Connection connection) {
        members.remove(connection);
        connection.end();
    }

    /** Every presence interval: forget closed sessions and silent nodes, then announce this node's counts. */
    private void housekeep() {
        try {
            for (Connection connection : members.all()) {
                if (!connection.isOpen()) {
                    forget(connection);
                }
            }
            long now = System.nanoTime();
            replays.forgetIdle(now, REPLAY_MEMORY_NANOS);
            presence.forgetStale(now);
            Map<String, Integer> counts = members.counts();
            Presence.Encoded encoded = Presence.encode(counts, MAX_MESSAGE_BYTES);
            if (encoded.omitted() > 0 && warnedTooManyRooms.compareAndSet(false, true)) {
                log.warn("ClusterHub {}: {} rooms do not fit in one presence message; other nodes count {} of them "
                        + "as empty here", settings.nodeId(), counts.size(), encoded.omitted());
            }
            publisher.publish(Envelope.Scope.PRESENCE, "", false, encoded.bytes());
        } catch (RuntimeException e) {
            log.warn("ClusterHub {}: presence announcement failed: {}", settings.nodeId(), e.toString());
        }
    }

    private void checkOpen() {
        if (closed.get()) {
            throw new IllegalStateException("ClusterHub " + settings.nodeId() + " is closed");
        }
    }

    private static byte[] checkSize(byte[] bytes) {
        if (bytes.length > MAX_MESSAGE_BYTES) {
            throw new IllegalArgumentException("message: " + bytes.length + " bytes (expected: at most "
                    + MAX_MESSAGE_BYTES + ")");
        }
        return bytes;
    }

    private static byte[] copy(ByteBuffer data) {
        requireNonNull(data, "data");
        byte[] bytes = new byte[data.remaining()];
        data.duplicate().get(bytes);
        return bytes;
    }
}
