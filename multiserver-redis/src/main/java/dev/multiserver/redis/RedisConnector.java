package dev.multiserver.redis;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.SslOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.protocol.ConnectionIntent;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

/**
 * A store's or channel's one Lettuce client and its shared connection, made on first use rather than when the store is built, so an
 * application can start while Redis is down; a failed connection attempt is retried by the next call. Once
 * connected, Lettuce reconnects by itself, and rejects commands while disconnected instead of queueing them, so a
 * call to a down server fails at once rather than after its timeout. Keys are text;
 * values are what {@code codec} makes of them (text for sessions, bytes for events).
 *
 * @param <V> the type of values
 */
final class RedisConnector<V> {

    /** How often, at most, Lettuce tries to reconnect to a server that went away. */
    private static final Duration MAX_RECONNECT_DELAY = Duration.ofSeconds(1);
    private static final Duration CLUSTER_REFRESH_PERIOD = Duration.ofSeconds(30);

    private final ClientResources resources;
    private final AbstractRedisClient client;
    private final boolean cluster;
    private final RedisURI server;
    private final RedisCodec<String, V> codec;
    private CompletableFuture<Connection<V>> connection;
    private boolean closed;

    RedisConnector(RedisStoreUri uri, Duration timeout, Path trustedCertificates, RedisCodec<String, V> codec) {
        this.codec = codec;
        this.cluster = uri.cluster();
        this.server = uri.toLettuce(timeout).get(0);
        this.resources = DefaultClientResources.builder()
                .reconnectDelay(Delay.exponential(Duration.ofMillis(10), MAX_RECONNECT_DELAY, 2, TimeUnit.MILLISECONDS))
                .build();
        SocketOptions socket = SocketOptions.builder().connectTimeout(timeout).keepAlive(true).build();
        SslOptions ssl = trustedCertificates == null
                ? SslOptions.create()
                : SslOptions.builder().jdkSslProvider().trustManager(trustedCertificates.toFile()).build();
        if (cluster) {
            RedisClusterClient clusterClient = RedisClusterClient.create(resources, uri.toLettuce(timeout));
            clusterClient.setOptions(ClusterClientOptions.builder()
                    .autoReconnect(true)
                    .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                    .timeoutOptions(TimeoutOptions.enabled(timeout))
                    .socketOptions(socket)
                    .sslOptions(ssl)
                    .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
                            .enableAllAdaptiveRefreshTriggers()
                            .enablePeriodicRefresh(CLUSTER_REFRESH_PERIOD)
                            .build())
                    .build());
            this.client = clusterClient;
        } else {
            RedisClient redisClient = RedisClient.create(resources);
            redisClient.setOptions(ClientOptions.builder()
                    .autoReconnect(true)
                    .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                    .timeoutOptions(TimeoutOptions.enabled(timeout))
                    .socketOptions(socket)
                    .sslOptions(ssl)
                    .build());
            this.client = redisClient;
        }
    }

    /** The connection, connecting first if there is none yet or the last attempt failed. */
    synchronized CompletableFuture<Connection<V>> connection() {
        if (closed) {
            return CompletableFuture.failedFuture(new StoreClosedException());
        }
        if (connection == null || connection.isCompletedExceptionally()) {
            connection = connect();
        }
        return connection;
    }

    private CompletableFuture<Connection<V>> connect() {
        if (cluster) {
            // an asynchronous cluster connection needs the topology first, and reading it must not block
            RedisClusterClient clusterClient = (RedisClusterClient) client;
            return clusterClient.refreshPartitionsAsync().toCompletableFuture()
                    .thenCompose(topology -> clusterClient.connectAsync(codec))
                    .thenCompose(RedisConnector::connectToEveryMaster)
                    .thenApply(connected -> new Connection<>(connected, connected.async()));
        }
        return ((RedisClient) client).connectAsync(codec, server)
                .thenApply(connected -> new Connection<>(connected, connected.async()))
                .toCompletableFuture();
    }

    /**
     * A new pub/sub connection of this client, closed with it; on a cluster a
     * {@link io.lettuce.core.cluster.pubsub.StatefulRedisClusterPubSubConnection}. Not shared: the caller owns it.
     */
    CompletableFuture<StatefulRedisPubSubConnection<String, V>> connectPubSub() {
        synchronized (this) {
            if (closed) {
                return CompletableFuture.failedFuture(new StoreClosedException());
            }
        }
        if (cluster) {
            RedisClusterClient clusterClient = (RedisClusterClient) client;
            return clusterClient.refreshPartitionsAsync().toCompletableFuture()
                    .thenCompose(topology -> clusterClient.connectPubSubAsync(codec))
                    .thenApply(connected -> connected);
        }
        return ((RedisClient) client).connectPubSubAsync(codec, server).toCompletableFuture();
    }

    /**
     * A new connection to the single server, closed with the client, for a caller that blocks it (a blocking read)
     * and so must not share it.
     */
    CompletableFuture<StatefulRedisConnection<String, V>> connectDedicated() {
        synchronized (this) {
            if (closed) {
                return CompletableFuture.failedFuture(new StoreClosedException());
            }
        }
        if (cluster) {
            return CompletableFuture.failedFuture(new UnsupportedOperationException("no dedicated cluster connection"));
        }
        return ((RedisClient) client).connectAsync(codec, server).toCompletableFuture();
    }

    /**
     * Lettuce opens the connection to each cluster node when the first command for its slots comes, and with
     * {@code REJECT_COMMANDS} it rejects the commands that wait for a connection still being made; so connect to
     * every master before the first command. A master that appears later is connected to on first use, and the
     * call that meets it may fail once.
     */
    private static <V> CompletableFuture<StatefulRedisClusterConnection<String, V>> connectToEveryMaster(
            StatefulRedisClusterConnection<String, V> connection) {
        List<CompletableFuture<?>> nodes = new ArrayList<>();
        for (RedisClusterNode node : connection.getPartitions()) {
            if (node.is(RedisClusterNode.NodeFlag.UPSTREAM)) {
                nodes.add(connection.getConnectionAsync(node.getUri().getHost(), node.getUri().getPort(),
                        ConnectionIntent.WRITE));
            }
        }
        return CompletableFuture.allOf(nodes.toArray(CompletableFuture[]::new)).handle((done, error) -> {
            if (error != null) {
                connection.closeAsync();
                throw error instanceof CompletionException completion ? completion : new CompletionException(error);
            }
            return connection;
        });
    }

    boolean cluster() {
        return cluster;
    }

    /** Closes the connection and releases the client's threads; waits at most a few seconds. */
    void close() {
        CompletableFuture<Connection<V>> last;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            last = connection;
        }
        if (cluster && last != null && last.isDone() && !last.isCompletedExceptionally()) {
            // closed by the client's shutdown too, but then its node connections twice, with a warning each
            last.join().connection().close();
        }
        // the client closes every connection it made, including one still being made
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        resources.shutdown(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
    }

    /** A connection and the commands it sends, the same for a single server and a cluster. */
    record Connection<V>(StatefulConnection<String, V> connection, RedisClusterAsyncCommands<String, V> commands) {
    }

    /** Why a call on a closed store fails. */
    static final class StoreClosedException extends IllegalStateException {

        private static final long serialVersionUID = 1L;

        StoreClosedException() {
            super("the store is closed");
        }
    }
}
