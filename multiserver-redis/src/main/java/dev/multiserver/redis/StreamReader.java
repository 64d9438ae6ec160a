package dev.multiserver.redis;

import dev.multiserver.pubsub.TopicListeners;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.UnblockType;
import io.lettuce.core.XReadArgs.StreamOffset;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Reads the subscribed streams of a channel on a thread of its own, over a connection of its own, since
 * {@code XREAD BLOCK} holds both while it waits. It reads each stream from the last entry it delivered, so after a
 * lost connection it goes on where it stopped and what was appended meanwhile arrives once, in order. A new topic
 * wakes a blocked read ({@code CLIENT UNBLOCK}) so that it is read at once.
 */
final class StreamReader {

    private static final int BATCH = 512;
    private static final Duration MAX_BLOCK = Duration.ofSeconds(1);
    private static final long MIN_PAUSE_MILLIS = 20;
    private static final long MAX_PAUSE_MILLIS = 1000;

    private final RedisConnector<byte[]> connector;
    private final EventKeys keys;
    private final TopicListeners listeners;
    private final Duration timeout;
    private final Duration block;
    private final OutageLog outage;
    private final Map<String, Cursor> cursors = new ConcurrentHashMap<>();
    private Thread thread;
    private StatefulRedisConnection<String, byte[]> connection;
    private volatile long clientId = -1;
    private boolean closed;

    StreamReader(String channelUri, RedisConnector<byte[]> connector, EventKeys keys, TopicListeners listeners,
            Duration timeout) {
        this.connector = connector;
        this.keys = keys;
        this.listeners = listeners;
        this.timeout = timeout;
        // the command timeout applies to XREAD too, so it must block for less
        Duration half = timeout.dividedBy(2);
        this.block = half.compareTo(MAX_BLOCK) < 0 ? half : MAX_BLOCK;
        this.outage = new OutageLog(channelUri, "reading events");
    }

    /** Reads the stream {@code key} of {@code topic} from after {@code lastId} on, unless nobody listens to it now. */
    void add(String topic, String key, String lastId) {
        synchronized (this) {
            if (closed || !listeners.listensTo(topic)) {
                return;
            }
            cursors.put(topic, new Cursor(key, lastId));
            if (thread == null) {
                thread = new Thread(this::run, "multiserver-redis-events-reader");
                thread.setDaemon(true);
                thread.start();
            }
            notifyAll();
        }
        wakeUp();
    }

    void remove(String topic) {
        cursors.remove(topic);
    }

    /** Ends a blocked read so that the next one includes the new topic. */
    private void wakeUp() {
        long blocked = clientId;
        if (blocked >= 0) {
            connector.connection().thenAccept(shared -> shared.commands().clientUnblock(blocked, UnblockType.TIMEOUT));
        }
    }

    private void run() {
        long pause = MIN_PAUSE_MILLIS;
        while (true) {
            Map<String, Cursor> reading;
            synchronized (this) {
                while (!closed && cursors.isEmpty()) {
                    waitQuietly(0);
                }
                if (closed) {
                    return;
                }
                reading = Map.copyOf(cursors);
            }
            try {
                readOnce(reading);
                outage.succeeded();
                pause = MIN_PAUSE_MILLIS;
            } catch (InterruptedException e) {
                return;
            } catch (ExecutionException | java.util.concurrent.TimeoutException | RuntimeException e) {
                outage.failed(e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e);
                synchronized (this) {
                    if (!closed) {
                        waitQuietly(pause);
                    }
                }
                pause = Math.min(MAX_PAUSE_MILLIS, pause * 2);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private void readOnce(Map<String, Cursor> reading) throws InterruptedException, ExecutionException,
            java.util.concurrent.TimeoutException {
        RedisAsyncCommands<String, byte[]> commands = connection().async();
        StreamOffset<String>[] offsets = reading.values().stream()
                .map(cursor -> StreamOffset.from(cursor.key(), cursor.lastId))
                .toArray(StreamOffset[]::new);
        // sent together: the id is known before the read blocks, for a wake-up to name it
        RedisFuture<Long> id = commands.clientId();
        RedisFuture<List<StreamMessage<String, byte[]>>> read = commands.xread(
                XReadArgs.Builder.block(block).count(BATCH), offsets);
        clientId = id.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        List<StreamMessage<String, byte[]>> messages = read.get(timeout.toMillis() + block.toMillis(),
                TimeUnit.MILLISECONDS);
        clientId = -1;
        for (StreamMessage<String, byte[]> message : messages) {
            String topic = keys.topic(message.getStream());
            Cursor cursor = topic == null ? null : cursors.get(topic);
            if (cursor == null || cursor != reading.get(topic)) {
                continue;   // unsubscribed, or subscribed again from a newer entry, while this read was under way
            }
            cursor.lastId = message.getId();
            byte[] payload = message.getBody().get(StreamTransport.PAYLOAD);
            if (payload != null) {
                listeners.deliver(topic, payload);
            }
        }
    }

    private StatefulRedisConnection<String, byte[]> connection() throws InterruptedException, ExecutionException,
            java.util.concurrent.TimeoutException {
        synchronized (this) {
            if (connection != null) {
                return connection;
            }
        }
        StatefulRedisConnection<String, byte[]> made = connector.connectDedicated()
                .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        synchronized (this) {
            connection = made;
            return made;
        }
    }

    private void waitQuietly(long millis) {
        try {
            wait(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closed = true;
        }
    }

    /** Stops the thread; the connector's shutdown closes the connection. */
    void close() {
        Thread reading;
        synchronized (this) {
            closed = true;
            reading = thread;
            notifyAll();
        }
        if (reading != null) {
            reading.interrupt();
            try {
                reading.join(TimeUnit.SECONDS.toMillis(3));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Where the reading of one topic's stream stands; only the reader thread moves it. */
    private static final class Cursor {

        private final String key;
        private volatile String lastId;

        Cursor(String key, String lastId) {
            this.key = key;
            this.lastId = lastId;
        }

        String key() {
            return key;
        }
    }
}
