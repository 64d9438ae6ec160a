package dev.multiserver.cli.balance;

import dev.multiserver.balancer.LoadBalancerBuilder;
import dev.multiserver.cli.config.DurationConverter;
import java.time.Duration;
import picocli.CommandLine.Option;

/** {@code balance}'s flags for connections, limits and timeouts. */
final class ConnectionOptions {

    @Option(names = "--max-connections", paramLabel = "N",
            description = "At most this many requests proxied at once; the rest wait in a queue. "
                    + "Default: 0 (no limit).")
    private Integer maxConnections;

    @Option(names = "--max-queued", paramLabel = "N",
            description = "Requests that may wait for --max-connections; more get 503 at once. Default: 1024.")
    private Integer maxQueued;

    @Option(names = "--queue-timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "How long a request may wait in that queue before it gets 503. Default: 5s.")
    private Duration queueTimeout;

    @Option(names = "--connect-timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "How long connecting to a backend may take before the request gets 504. Default: 2s.")
    private Duration connectTimeout;

    @Option(names = "--timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "How long a backend may stay silent while it has a request before the request gets "
                    + "504. Default: 30s.")
    private Duration responseTimeout;

    @Option(names = "--header-timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "How long a client may take to send a request's headers. Default: 10s.")
    private Duration headerTimeout;

    @Option(names = "--idle-timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "How long a keep-alive connection, client or backend, may stay idle. Default: 60s.")
    private Duration idleTimeout;

    @Option(names = "--shutdown-grace", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "How long requests in flight may take to finish when stopping. Default: 10s.")
    private Duration shutdownGrace;

    @Option(names = "--max-request-line", paramLabel = "BYTES",
            description = "Longest request line accepted; longer gets 414. Default: 8192.")
    private Integer maxRequestLine;

    @Option(names = "--max-header-size", paramLabel = "BYTES",
            description = "Largest header section accepted; larger gets 431. Default: 16384.")
    private Integer maxHeaderSize;

    @Option(names = "--forwarded", negatable = true,
            description = "Add an RFC 7239 Forwarded header beside the X-Forwarded-* ones. Default: off.")
    private Boolean forwarded;

    @Option(names = "--io-threads", paramLabel = "N",
            description = "Event loop threads. Default: the number of processors.")
    private Integer ioThreads;

    @Option(names = "--websocket-idle-timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "How long a WebSocket may carry nothing either way before both sides are closed "
                    + "with 1001. Default: 1h.")
    private Duration webSocketIdleTimeout;

    @Option(names = "--websocket-drain-grace", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "How long the WebSockets of a drained or removed backend may go on before they are "
                    + "closed with 1001. Default: 30s.")
    private Duration webSocketDrainGrace;

    void applyTo(LoadBalancerBuilder builder, Flags flags) {
        flags.set("--max-connections", maxConnections, builder::maxConcurrentConnections);
        flags.set("--max-queued", maxQueued, builder::maxQueuedRequests);
        flags.set("--queue-timeout", queueTimeout, builder::queueTimeout);
        flags.set("--connect-timeout", connectTimeout, builder::connectTimeout);
        flags.set("--timeout", responseTimeout, builder::responseTimeout);
        flags.set("--header-timeout", headerTimeout, builder::headerTimeout);
        flags.set("--idle-timeout", idleTimeout, builder::idleTimeout);
        flags.set("--shutdown-grace", shutdownGrace, builder::shutdownGracePeriod);
        flags.set("--max-request-line", maxRequestLine, builder::maxRequestLineLength);
        flags.set("--max-header-size", maxHeaderSize, builder::maxHeaderSize);
        flags.set("--forwarded", forwarded, builder::forwardedHeader);
        flags.set("--io-threads", ioThreads, builder::ioThreads);
        flags.set("--websocket-idle-timeout", webSocketIdleTimeout, builder::webSocketIdleTimeout);
        flags.set("--websocket-drain-grace", webSocketDrainGrace, builder::webSocketDrainGrace);
    }
}
