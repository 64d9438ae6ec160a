package dev.multiserver.memcached;

import static java.util.Objects.requireNonNull;

import com.spotify.folsom.GetResult;
import com.spotify.folsom.MemcacheClient;
import com.spotify.folsom.MemcacheStatus;
import dev.multiserver.session.SessionChanges;
import dev.multiserver.session.SessionIds;
import dev.multiserver.session.SessionStore;
import dev.multiserver.session.SessionStoreException;
import dev.multiserver.session.StoredSession;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sessions in Memcached, one item per session, written with compare-and-set so that concurrent requests of one
 * user that change different attributes all persist. Several servers share the sessions by consistent hashing
 * (ketama), over memcached's binary protocol.
 *
 * <pre>{@code
 * SessionStore store = MemcachedSessionStore.of("memcached://10.0.0.5:11211,10.0.0.6:11211");
 *
 * SessionStore tuned = MemcachedSessionStore.builder("memcached://10.0.0.5")   // port 11211
 *         .timeout(Duration.ofMillis(500))
 *         .namespace("shop")
 *         .maxCasRetries(16)
 *         .build();
 * }</pre>
 *
 * <p>Session {@code ID} is the item {@code NAMESPACE:session:ID}, a UTF-8 JSON document with the metadata and the
 * attributes' JSON texts: {@code {"id":"ID","created":1700000000000,"accessed":1700000450000,"maxInactive":1800000,
 * "attributes":{"user":"\"ada\""}}} (times in epoch milliseconds, {@code maxInactive} in milliseconds). The item
 * expires with the session; memcached counts whole seconds, so loads check the expiry in the document too.
 *
 * <p>Saving changes to an existing session reads the item with its CAS token, applies the changes and writes it
 * back only if nobody wrote it meanwhile; on a conflict it reads again and re-applies, up to
 * {@code maxCasRetries} times with a short random pause, then fails. Two requests setting the same attribute:
 * the last one to write wins. {@link #changeId} adds the new item and then deletes the old one; it is not
 * atomic, so a request writing the old id at the same moment can be lost, and a failure between the two steps
 * leaves both ids. A session larger than memcached's item size limit ({@code -I}, 1 MiB by default) is refused
 * with a {@link SessionStoreException} and nothing is written.
 *
 * <p>Every call is bounded by the timeout; while a server is down, calls that need it fail at once, and they
 * work again once the client has reconnected by itself.
 */
public final class MemcachedSessionStore implements SessionStore {

    private static final Logger log = LoggerFactory.getLogger(MemcachedSessionStore.class);
    // memcached's item header, with CAS, plus the key's terminator; measured on 64-bit memcached 1.6
    private static final int ITEM_OVERHEAD = 64;

    private final String uri;
    private final Duration timeout;
    private final SessionKeys keys;
    private final int maxCasRetries;
    private final int maxItemSize;
    private final ForeignItems foreignItems;
    private final ConnectionLog connectionLog;
    private final MemcacheClient<byte[]> client;
    private final AtomicBoolean closed = new AtomicBoolean();

    MemcachedSessionStore(MemcachedAddresses addresses, Duration timeout, String namespace, int maxCasRetries,
            int maxItemSize) {
        this.uri = addresses.uri();
        this.timeout = timeout;
        this.keys = new SessionKeys(namespace);
        this.maxCasRetries = maxCasRetries;
        this.maxItemSize = maxItemSize;
        this.foreignItems = new ForeignItems(uri);
        this.connectionLog = new ConnectionLog(uri);
        this.client = MemcachedClients.connect(addresses, uri, timeout, connectionLog);
    }

    /**
     * Opens a store at {@code memcached://host[:port][,host[:port]...]} (port 11211 by default) with a timeout of
     * 2 s and the namespace {@code multiserver}.
     *
     * @throws IllegalArgumentException naming the URI when it is malformed
     */
    public static MemcachedSessionStore of(String uri) {
        return builder(uri).build();
    }

    /**
     * Starts building a store at {@code memcached://host[:port][,host[:port]...]}.
     *
     * @throws IllegalArgumentException naming the URI when it is malformed
     */
    public static MemcachedSessionStoreBuilder builder(String uri) {
        return new MemcachedSessionStoreBuilder(MemcachedAddresses.parse(uri));
    }

    @Override
    public Optional<StoredSession> load(String id) {
        requireNonNull(id, "id");
        checkOpen();
        if (!keys.isValid(id)) {
            return Optional.empty();
        }
        String key = keys.of(id);
        byte[] item = call("load of session " + SessionIds.abbreviate(id)).await(client.get(key));
        return read(id, key, item);
    }

    @Override
    public boolean save(SessionChanges changes) {
        requireNonNull(changes, "changes");
        checkOpen();
        String id = changes.id();
        String key = keys.of(id);
        StoreCall call = call("save of session " + SessionIds.abbreviate(id));
        if (changes.isNew()) {
            StoredSession session = changes.applyTo(Optional.empty());
            byte[] item = encode(call, key, session);
            Optional<Integer> timeToLive = ItemExpiry.timeToLive(session.expiresAt(), Instant.now());
            MemcacheStatus status = timeToLive.isPresent()
                    ? call.await(client.set(key, item, timeToLive.get()))
                    : call.await(client.delete(key));
            check(call, status, id, item);
            return true;
        }
        for (int conflicts = 0; ; conflicts++) {
            GetResult<byte[]> current = call.await(client.casGet(key));
            Optional<StoredSession> before = current == null ? Optional.empty() : read(id, key, current.getValue());
            if (before.isEmpty()) {
                return false;
            }
            MemcacheStatus status = compareAndSet(call, key, changes.applyTo(before), current.getCas());
            if (status != MemcacheStatus.KEY_EXISTS) {
                return status == MemcacheStatus.OK;
            }
            if (conflicts == maxCasRetries) {
                throw call.refused("gave up after " + attempts(conflicts + 1) + ", each overtaken by another "
                        + "write of the session (maxCasRetries: " + maxCasRetries + ")");
            }
            call.backOff(conflicts);
        }
    }

    private static String attempts(int count) {
        return count == 1 ? "1 attempt" : count + " attempts";
    }

    /** Writes the session if the item still has the CAS token {@code cas}: OK, KEY_EXISTS or KEY_NOT_FOUND. */
    private MemcacheStatus compareAndSet(StoreCall call, String key, StoredSession session, long cas) {
        byte[] item = encode(call, key, session);
        Optional<Integer> timeToLive = ItemExpiry.timeToLive(session.expiresAt(), Instant.now());
        MemcacheStatus status = timeToLive.isPresent()
                ? call.await(client.set(key, item, timeToLive.get(), cas))
                // expired as saved: nothing is left to keep
                : call.await(client.delete(key, cas));
        return check(call, status, session.id(), item);
    }

    @Override
    public void delete(String id) {
        requireNonNull(id, "id");
        checkOpen();
        if (!keys.isValid(id)) {
            return;
        }
        StoreCall call = call("delete of session " + SessionIds.abbreviate(id));
        check(call, call.await(client.delete(keys.of(id))), id, null);
    }

    @Override
    public boolean changeId(String oldId, String newId) {
        requireNonNull(oldId, "oldId");
        requireNonNull(newId, "newId");
        checkOpen();
        String newKey = keys.of(newId);
        if (!keys.isValid(oldId)) {
            return false;
        }
        String oldKey = keys.of(oldId);
        StoreCall call = call("change of session id " + SessionIds.abbreviate(oldId) + " to "
                + SessionIds.abbreviate(newId));
        Optional<StoredSession> session = read(oldId, oldKey, call.await(client.get(oldKey)));
        if (session.isEmpty()) {
            return false;
        }
        if (oldId.equals(newId)) {
            return true;
        }
        StoredSession old = session.get();
        StoredSession moved = new StoredSession(newId, old.createdAt(), old.lastAccessedAt(),
                old.maxInactiveInterval(), old.attributes());
        Optional<Integer> timeToLive = ItemExpiry.timeToLive(moved.expiresAt(), Instant.now());
        if (timeToLive.isEmpty()) {
            return false;
        }
        byte[] item = encode(call, newKey, moved);
        MemcacheStatus added = check(call, call.await(client.add(newKey, item, timeToLive.get())), newId, item);
        if (added != MemcacheStatus.OK) {
            throw call.refused("a session with id " + SessionIds.abbreviate(newId) + " already exists");
        }
        check(call, call.await(client.delete(oldKey)), oldId, null);
        return true;
    }

    @Override
    public String uri() {
        return uri;
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            connectionLog.closing();
            client.shutdown();
        }
    }

    @Override
    public String toString() {
        return "MemcachedSessionStore(" + uri + (closed.get() ? ", closed" : "") + ")";
    }

    private StoreCall call(String operation) {
        return new StoreCall(uri, operation, timeout);
    }

    private void checkOpen() {
        if (closed.get()) {
            throw new SessionStoreException(uri, "the store is closed");
        }
    }

    private Optional<StoredSession> read(String id, String key, byte[] item) {
        if (item == null) {
            return Optional.empty();
        }
        Optional<StoredSession> session = SessionDocument.decode(id, item);
        if (session.isEmpty()) {
            foreignItems.found(key, item.length);
            return Optional.empty();
        }
        return session.filter(stored -> !stored.isExpiredAt(Instant.now()));
    }

    private byte[] encode(StoreCall call, String key, StoredSession session) {
        byte[] item = SessionDocument.encode(session);
        int overhead = key.getBytes(StandardCharsets.UTF_8).length + ITEM_OVERHEAD;
        if ((long) item.length + overhead > maxItemSize) {
            throw tooLarge(call, item, "the item size limit is " + maxItemSize + " bytes, of which " + overhead
                    + " go to the key and memcached's item header");
        }
        return item;
    }

    /** The status of a write or delete that the store can act on: OK, KEY_EXISTS or KEY_NOT_FOUND. */
    private MemcacheStatus check(StoreCall call, MemcacheStatus status, String id, byte[] item) {
        switch (status) {
            case OK:
            case KEY_EXISTS:
            case KEY_NOT_FOUND:
            case ITEM_NOT_STORED:
                return status == MemcacheStatus.ITEM_NOT_STORED ? MemcacheStatus.KEY_EXISTS : status;
            case VALUE_TOO_LARGE:
                throw tooLarge(call, item, "memcached refused it as larger than its item size limit (its -I "
                        + "is smaller than this store's maxItemSize of " + maxItemSize + " bytes)");
            default:
                throw call.refused("memcached answered " + status + " for session " + SessionIds.abbreviate(id));
        }
    }

    private static SessionStoreException tooLarge(StoreCall call, byte[] item, String limit) {
        return call.refused((item == null ? "the session" : "the session is " + item.length + " bytes as JSON")
                + ", too large for memcached: " + limit + "; nothing was written. Keep less in the session, or "
                + "raise memcached's -I and the store's maxItemSize");
    }
}
