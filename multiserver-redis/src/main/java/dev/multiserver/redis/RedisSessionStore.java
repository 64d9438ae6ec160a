package dev.multiserver.redis;

import static java.util.Objects.requireNonNull;

import dev.multiserver.session.SessionChanges;
import dev.multiserver.session.SessionStore;
import dev.multiserver.session.SessionStoreException;
import dev.multiserver.session.StoredSession;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.codec.StringCodec;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * Sessions in Redis, one hash per session, through Lettuce; a single server ({@code redis://}, {@code rediss://}
 * for TLS) or a Redis Cluster ({@code redis-cluster://}).
 *
 * <pre>{@code
 * SessionStore store = RedisSessionStore.of("redis://:secret@10.0.0.5:6379/2");
 * SessionStore tls = RedisSessionStore.builder("rediss://redis.internal:6380")
 *         .timeout(Duration.ofMillis(500))
 *         .namespace("shop")
 *         .trustedCertificates(Path.of("/etc/redis/ca.pem"))
 *         .build();
 * }</pre>
 *
 * <p>A session is the hash {@code NAMESPACE:session:ID}: fields {@code meta:created} and {@code meta:accessed}
 * (epoch milliseconds), {@code meta:maxInactive} (milliseconds, zero or less for never) and one {@code attr:NAME}
 * per attribute holding its JSON text. A save runs one Lua script on that key, so it is atomic and works on a
 * cluster: it writes the changed attributes, deletes the removed ones and moves the key's expiry. Other keys, and
 * hashes without the metadata, load as no session and are logged once.
 *
 * <p>The store connects on first use, and every call fails within the timeout (default 2 s) with a
 * {@link SessionStoreException} when Redis is down or slow; Lettuce reconnects by itself when it returns.
 * {@link #changeId} renames the key atomically on a single server; on a cluster the two keys are in different
 * slots, so it copies the session and then deletes the old key, and a write to the old id in between is lost.
 */
public final class RedisSessionStore implements SessionStore {

    private static final LuaScript SAVE = LuaScript.of("live-session.lua", "save.lua");
    private static final LuaScript RENAME = LuaScript.of("live-session.lua", "rename.lua");

    private final String uri;
    private final SessionKeys keys;
    private final RedisConnector<String> connector;
    private final RedisCalls calls;
    private final ForeignDataLog foreignData;
    private final Clock clock = Clock.systemUTC();

    RedisSessionStore(RedisStoreUri uri, RedisSessionStoreBuilder.Settings settings) {
        this.uri = uri.toString();
        this.keys = new SessionKeys(settings.namespace());
        this.connector = new RedisConnector<>(uri, settings.timeout(), settings.trustedCertificates(),
                StringCodec.UTF8);
        this.calls = new RedisCalls(connector, this.uri, settings.timeout());
        this.foreignData = new ForeignDataLog(this.uri);
    }

    /**
     * A store at this URI with a 2 s timeout and the namespace {@code multiserver}.
     *
     * @throws IllegalArgumentException when the URI is malformed
     */
    public static RedisSessionStore of(String uri) {
        return builder(uri).build();
    }

    /**
     * A builder for a store at {@code redis://[user:password@]host[:port][/db]}, {@code rediss://…} or
     * {@code redis-cluster://host:port,host:port}.
     *
     * @throws IllegalArgumentException when the URI is malformed
     */
    public static RedisSessionStoreBuilder builder(String uri) {
        return new RedisSessionStoreBuilder(RedisStoreUri.parse(uri));
    }

    @Override
    public Optional<StoredSession> load(String id) {
        requireNonNull(id, "id");
        String key = keys.key(id);
        HashReply reply = calls.call("load of session " + SessionKeys.shownId(id),
                commands -> commands.hgetall(key).handle(HashReply::of));
        if (reply.wrongType()) {
            foreignData.report(keys.shownKey(id), "another type than a hash");
            return Optional.empty();
        }
        if (reply.fields().isEmpty()) {
            return Optional.empty();
        }
        StoredSession session = SessionHash.parse(id, reply.fields());
        if (session == null) {
            foreignData.report(keys.shownKey(id), "a hash without the session metadata");
            return Optional.empty();
        }
        return session.isExpiredAt(clock.instant()) ? Optional.empty() : Optional.of(session);
    }

    @Override
    public boolean save(SessionChanges changes) {
        requireNonNull(changes, "changes");
        String[] arguments = SessionHash.saveArguments(changes.isNew() ? "new" : "update", changes, clock.instant());
        String[] key = {keys.key(changes.id())};
        long written = calls.call("save of session " + SessionKeys.shownId(changes.id()),
                commands -> SAVE.run(commands, key, arguments));
        return written == 1;
    }

    @Override
    public void delete(String id) {
        requireNonNull(id, "id");
        String key = keys.key(id);
        calls.call("delete of session " + SessionKeys.shownId(id), commands -> commands.unlink(key));
    }

    @Override
    public boolean changeId(String oldId, String newId) {
        requireNonNull(oldId, "oldId");
        requireNonNull(newId, "newId");
        String operation = "change of session id " + SessionKeys.shownId(oldId) + " to " + SessionKeys.shownId(newId);
        if (oldId.equals(newId)) {
            return load(oldId).isPresent();
        }
        long moved = connector.cluster()
                ? calls.call(operation, commands -> copyThenDelete(commands, oldId, newId))
                : calls.call(operation, commands -> RENAME.run(commands, new String[] {keys.key(oldId), keys.key(newId)},
                        new String[] {Long.toString(clock.millis())}));
        if (moved < 0) {
            throw new SessionStoreException(uri, operation + " failed: the new id is taken");
        }
        return moved == 1;
    }

    /** The cluster's change of id: the keys are in different slots, so no one command or script can move it. */
    private CompletionStage<Long> copyThenDelete(RedisClusterAsyncCommands<String, String> commands,
            String oldId, String newId) {
        return commands.hgetall(keys.key(oldId)).handle(HashReply::of).thenCompose(reply -> {
            StoredSession session = reply.wrongType() || reply.fields().isEmpty()
                    ? null : SessionHash.parse(oldId, reply.fields());
            Instant now = clock.instant();
            if (session == null || session.isExpiredAt(now)) {
                return CompletableFuture.completedFuture(0L);
            }
            SessionChanges copy = new SessionChanges(newId, true, session.createdAt(), session.lastAccessedAt(),
                    session.maxInactiveInterval(), session.attributes(), Set.of());
            return SAVE.run(commands, new String[] {keys.key(newId)}, SessionHash.saveArguments("copy", copy, now))
                    .thenCompose(copied -> copied == 1
                            ? commands.unlink(keys.key(oldId)).thenApply(deleted -> 1L)
                            : CompletableFuture.completedFuture(-1L));
        });
    }

    @Override
    public String uri() {
        return uri;
    }

    /** Closes the connection and stops the client's threads; calls after this throw {@link SessionStoreException}. */
    @Override
    public void close() {
        connector.close();
    }

    @Override
    public String toString() {
        return "RedisSessionStore(" + uri + ")";
    }

    /** What {@code HGETALL} found: the fields (none when there is no key), or a key of another type. */
    private record HashReply(Map<String, String> fields, boolean wrongType) {

        static HashReply of(Map<String, String> fields, Throwable error) {
            if (error == null) {
                return new HashReply(fields, false);
            }
            Throwable cause = error instanceof CompletionException && error.getCause() != null
                    ? error.getCause() : error;
            if (cause instanceof RedisCommandExecutionException && cause.getMessage() != null
                    && cause.getMessage().startsWith("WRONGTYPE")) {
                return new HashReply(Map.of(), true);
            }
            throw error instanceof CompletionException completion ? completion : new CompletionException(error);
        }
    }
}
