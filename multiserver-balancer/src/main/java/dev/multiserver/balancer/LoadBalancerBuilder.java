package dev.multiserver.balancer;

import static dev.multiserver.balancer.internal.Checks.checkArgument;
import static dev.multiserver.balancer.internal.Checks.positive;
import static java.util.Objects.requireNonNull;

import dev.multiserver.balancer.algorithm.Algorithm;
import dev.multiserver.balancer.health.HealthCheck;
import dev.multiserver.balancer.health.PassiveHealthCheck;
import dev.multiserver.balancer.internal.ProxyConfig;
import dev.multiserver.balancer.tls.BackendTls;
import dev.multiserver.balancer.internal.route.LocalHandling;
import dev.multiserver.balancer.route.AsyncMiddleware;
import dev.multiserver.balancer.route.AsyncRouteHandler;
import dev.multiserver.balancer.route.FallbackHandler;
import dev.multiserver.balancer.route.Middleware;
import dev.multiserver.balancer.route.RouteHandler;
import dev.multiserver.balancer.tls.ServerTls;
import dev.multiserver.balancer.worker.Workers;
import dev.multiserver.cache.ResponseCache;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Configures a {@link LoadBalancer}. Every setter checks its value at once and names it when it is
 * wrong; {@link #build()} can be called again to make another balancer with the same settings.
 *
 * <pre>{@code
 * LoadBalancer lb = LoadBalancer.builder()
 *         .port(8080)
 *         .backend("http://127.0.0.1:9001")
 *         .backend("http://127.0.0.1:9002")
 *         .maxConcurrentConnections(200)
 *         .queueTimeout(Duration.ofSeconds(5))
 *         .build()
 *         .start();
 * }</pre>
 */
public final class LoadBalancerBuilder {

    private String bindAddress = "0.0.0.0";
    private int port = 8080;
    private final List<Backend> backends = new ArrayList<>();
    private Algorithm algorithm;
    private int maxConcurrentConnections;
    private int maxQueuedRequests = 1024;
    private Duration queueTimeout = Duration.ofSeconds(5);
    private Duration connectTimeout = Duration.ofSeconds(2);
    private Duration responseTimeout = Duration.ofSeconds(30);
    private Duration headerTimeout = Duration.ofSeconds(10);
    private Duration idleTimeout = Duration.ofSeconds(60);
    private Duration shutdownGracePeriod = Duration.ofSeconds(10);
    private int maxRequestLineLength = 8192;
    private int maxHeaderSize = 16384;
    private boolean forwardedHeader;
    private int ioThreads = Runtime.getRuntime().availableProcessors();
    private HealthCheck healthCheck;
    private PassiveHealthCheck passiveHealthCheck = PassiveHealthCheck.defaults();
    private Duration slowStart = Duration.ZERO;
    private RetryPolicy retries = RetryPolicy.defaults();
    private final List<BackendListener> listeners = new ArrayList<>();
    private int adminPort = ProxyConfig.NO_ADMIN;
    private String adminBindAddress = "127.0.0.1";
    private String adminToken;
    private Workers workers;
    private ServerTls tls;
    private int redirectHttpPort = ProxyConfig.NO_REDIRECT;
    private Duration webSocketIdleTimeout = Duration.ofHours(1);
    private Duration webSocketDrainGrace = Duration.ofSeconds(30);
    private BackendTls backendTls = BackendTls.defaults();
    private Compression compression;
    private final LocalHandling.Builder local = LocalHandling.builder();
    private boolean http2 = true;
    private boolean http2Cleartext;
    private int maxConcurrentStreams = 100;
    private ResponseCache cache;

    LoadBalancerBuilder() {
    }

    /** The address to listen on; default {@code 0.0.0.0} (all interfaces). */
    public LoadBalancerBuilder bindAddress(String bindAddress) {
        requireNonNull(bindAddress, "bindAddress");
        checkArgument(!bindAddress.isBlank(), "bindAddress: '%s' (expected: a host name or address)", bindAddress);
        this.bindAddress = bindAddress;
        return this;
    }

    /** The port to listen on; default 8080; 0 picks a free one ({@link LoadBalancer#port()} tells). */
    public LoadBalancerBuilder port(int port) {
        checkArgument(port >= 0 && port <= 65535, "port: %s (expected: 0-65535)", port);
        this.port = port;
        return this;
    }

    /** Adds a backend, e.g. {@code http://127.0.0.1:9001}. */
    public LoadBalancerBuilder backend(String url) {
        return backend(Backend.of(url));
    }

    /** Adds a backend. Adding the same address twice is refused. */
    public LoadBalancerBuilder backend(Backend backend) {
        requireNonNull(backend, "backend");
        checkArgument(!backends.contains(backend), "backend: %s is listed twice", backend);
        backends.add(backend);
        return this;
    }

    /** Adds every backend in {@code backends}. */
    public LoadBalancerBuilder backends(Iterable<Backend> backends) {
        requireNonNull(backends, "backends");
        backends.forEach(this::backend);
        return this;
    }

    /**
     * The algorithm that picks a backend per request; default {@link Algorithm#roundRobin()}. The
     * instance is used by the balancer built next only: give each balancer its own.
     */
    public LoadBalancerBuilder algorithm(Algorithm algorithm) {
        this.algorithm = requireNonNull(algorithm, "algorithm");
        return this;
    }

    /**
     * At most this many requests proxied at once, to protect the backends; the rest wait in a FIFO
     * queue. Default 0: no limit.
     */
    public LoadBalancerBuilder maxConcurrentConnections(int max) {
        checkArgument(max >= 0, "maxConcurrentConnections: %s (expected: >= 0, 0 for no limit)", max);
        this.maxConcurrentConnections = max;
        return this;
    }

    /** How many requests may wait for a permit before new ones get 503 at once; default 1024. */
    public LoadBalancerBuilder maxQueuedRequests(int max) {
        checkArgument(max >= 0, "maxQueuedRequests: %s (expected: >= 0)", max);
        this.maxQueuedRequests = max;
        return this;
    }

    /** How long a request may wait for a permit before it gets 503 with Retry-After; default 5 s. */
    public LoadBalancerBuilder queueTimeout(Duration timeout) {
        this.queueTimeout = positive("queueTimeout", timeout);
        return this;
    }

    /** How long opening a connection to a backend may take before the request gets 504; default 2 s. */
    public LoadBalancerBuilder connectTimeout(Duration timeout) {
        this.connectTimeout = positive("connectTimeout", timeout);
        checkArgument(timeout.toMillis() <= Integer.MAX_VALUE, "connectTimeout: %s (expected: <= %s ms)", timeout,
                Integer.MAX_VALUE);
        return this;
    }

    /**
     * How long a backend may stay silent while a request is with it (before and between parts of its
     * response) before the request gets 504; default 30 s.
     */
    public LoadBalancerBuilder responseTimeout(Duration timeout) {
        this.responseTimeout = positive("responseTimeout", timeout);
        return this;
    }

    /** How long a client may take to send a request's header section once it began; default 10 s. */
    public LoadBalancerBuilder headerTimeout(Duration timeout) {
        this.headerTimeout = positive("headerTimeout", timeout);
        return this;
    }

    /** How long a keep-alive connection (client or backend) may stay idle; default 60 s. */
    public LoadBalancerBuilder idleTimeout(Duration timeout) {
        this.idleTimeout = positive("idleTimeout", timeout);
        return this;
    }

    /** How long {@link LoadBalancer#close()} lets requests in flight finish; default 10 s. */
    public LoadBalancerBuilder shutdownGracePeriod(Duration grace) {
        requireNonNull(grace, "shutdownGracePeriod");
        checkArgument(!grace.isNegative(), "shutdownGracePeriod: %s (expected: >= 0)", grace);
        this.shutdownGracePeriod = grace;
        return this;
    }

    /** Longest request line accepted; longer gets 414. Default 8192 bytes. */
    public LoadBalancerBuilder maxRequestLineLength(int bytes) {
        checkArgument(bytes >= 64 && bytes <= 1 << 20, "maxRequestLineLength: %s (expected: 64-1048576)", bytes);
        this.maxRequestLineLength = bytes;
        return this;
    }

    /** Largest header section accepted; larger gets 431. Default 16384 bytes. */
    public LoadBalancerBuilder maxHeaderSize(int bytes) {
        checkArgument(bytes >= 256 && bytes <= 1 << 20, "maxHeaderSize: %s (expected: 256-1048576)", bytes);
        this.maxHeaderSize = bytes;
        return this;
    }

    /** Whether to add an RFC 7239 {@code Forwarded} header beside the {@code X-Forwarded-*} ones. */
    public LoadBalancerBuilder forwardedHeader(boolean enabled) {
        this.forwardedHeader = enabled;
        return this;
    }

    /** Event loop threads; default the number of processors. */
    public LoadBalancerBuilder ioThreads(int threads) {
        checkArgument(threads >= 1 && threads <= 1024, "ioThreads: %s (expected: 1-1024)", threads);
        this.ioThreads = threads;
        return this;
    }

    /** Probes every backend with {@code GET path} on an interval; default: no active checks. */
    public LoadBalancerBuilder healthCheck(HealthCheck check) {
        this.healthCheck = requireNonNull(check, "healthCheck");
        return this;
    }

    /**
     * Ejects backends whose real traffic keeps failing; default {@link PassiveHealthCheck#defaults()}
     * (5 failures in a row). {@link PassiveHealthCheck#disabled()} turns it off.
     */
    public LoadBalancerBuilder passiveHealthCheck(PassiveHealthCheck check) {
        this.passiveHealthCheck = requireNonNull(check, "passiveHealthCheck");
        return this;
    }

    /**
     * Ramps a new or recovered backend's share of requests up over this window, from a twentieth of its
     * weight to all of it, so a cold instance is not flooded; default zero: no ramp. At most an hour.
     */
    public LoadBalancerBuilder slowStart(Duration window) {
        requireNonNull(window, "slowStart");
        checkArgument(!window.isNegative() && window.compareTo(Duration.ofHours(1)) <= 0,
                "slowStart: %s (expected: 0 to 1 hour)", window);
        this.slowStart = window;
        return this;
    }

    /** When failed requests go to another backend; default {@link RetryPolicy#defaults()}. */
    public LoadBalancerBuilder retries(RetryPolicy policy) {
        this.retries = requireNonNull(policy, "retries");
        return this;
    }

    /** Adds a listener told when backends are added, removed, go down, come up or drain. */
    public LoadBalancerBuilder listener(BackendListener listener) {
        listeners.add(requireNonNull(listener, "listener"));
        return this;
    }

    /**
     * Serves the admin API ({@code status.json}, {@code metrics}, backend changes) on this port, 0 for a
     * free one; default: no admin server. See {@link #adminBindAddress} and {@link #adminToken}.
     */
    public LoadBalancerBuilder adminPort(int port) {
        checkArgument(port >= 0 && port <= 65535, "adminPort: %s (expected: 0-65535)", port);
        this.adminPort = port;
        return this;
    }

    /** The address the admin server listens on; default {@code 127.0.0.1}, reachable from this host only. */
    public LoadBalancerBuilder adminBindAddress(String address) {
        requireNonNull(address, "adminBindAddress");
        checkArgument(!address.isBlank(), "adminBindAddress: '%s' (expected: a host name or address)", address);
        this.adminBindAddress = address;
        return this;
    }

    /**
     * A token the admin API requires as {@code Authorization: Bearer TOKEN}; default none. Without one,
     * binding the admin server beyond loopback logs a warning.
     */
    public LoadBalancerBuilder adminToken(String token) {
        requireNonNull(token, "adminToken");
        checkArgument(token.length() >= 8 && token.chars().allMatch(c -> c > ' ' && c < 0x7f),
                "adminToken: (expected: 8 or more visible ASCII characters, no spaces)");
        this.adminToken = token;
        return this;
    }

    /**
     * Workers the balancer starts, adds as backends once they answer, and keeps at strength; see
     * {@link Workers}. They may be combined with fixed backends.
     */
    public LoadBalancerBuilder workers(Workers workers) {
        this.workers = requireNonNull(workers, "workers");
        return this;
    }

    /** Serves HTTPS with this certificate instead of plain HTTP; see {@link ServerTls}. */
    public LoadBalancerBuilder tls(ServerTls tls) {
        this.tls = requireNonNull(tls, "tls");
        return this;
    }

    /**
     * Also listens on {@code port} for plain HTTP and answers every request with {@code 308} to the same
     * host, path and query on HTTPS (the original's {@code forceHttps}). Needs {@link #tls}.
     */
    public LoadBalancerBuilder redirectHttpFrom(int port) {
        checkArgument(port >= 0 && port <= 65535, "redirectHttpPort: %s (expected: 0-65535)", port);
        this.redirectHttpPort = port;
        return this;
    }

    /**
     * How long a WebSocket may carry no byte in either direction before the balancer closes both sides
     * with 1001 (going away); default 1 hour. Applications that ping keep their connections open.
     */
    public LoadBalancerBuilder webSocketIdleTimeout(Duration timeout) {
        this.webSocketIdleTimeout = positive("webSocketIdleTimeout", timeout);
        return this;
    }

    /**
     * Answers requests with {@code method} ({@code GET}, {@code POST}, … or {@code *} for any; a {@code GET}
     * route answers {@code HEAD} too) whose path matches {@code pattern} on the balancer itself, instead of
     * proxying them. A pattern is literal segments, {@code {name}} parameters that take one segment, and an
     * optional trailing {@code *} that takes the rest: {@code /healthz}, {@code /users/{id}},
     * {@code /static/*}. The most specific matching pattern wins; unmatched requests are proxied. The handler
     * gets the body, read whole up to {@link #maxLocalBodySize}. See {@link dev.multiserver.balancer.route}.
     *
     * @throws IllegalArgumentException for a bad method or pattern, or a route that matches the same requests
     *     as one added before
     */
    public LoadBalancerBuilder route(String method, String pattern, RouteHandler handler) {
        local.route(method, pattern, handler);
        return this;
    }

    /** Same as {@link #route} for a handler that answers later (it must not block the event loop). */
    public LoadBalancerBuilder routeAsync(String method, String pattern, AsyncRouteHandler handler) {
        local.routeAsync(method, pattern, handler);
        return this;
    }

    /**
     * How long the WebSockets of a backend that is drained or removed may go on before the balancer closes
     * them with 1001 (going away), so clients reconnect elsewhere; default 30 s. A drain completes when
     * they are closed.
     */
    public LoadBalancerBuilder webSocketDrainGrace(Duration grace) {
        requireNonNull(grace, "webSocketDrainGrace");
        checkArgument(!grace.isNegative(), "webSocketDrainGrace: %s (expected: >= 0)", grace);
        this.webSocketDrainGrace = grace;
        return this;
    }

    /**
     * Runs {@code middleware} on every request, after the middleware added before it and before the local
     * routes and the proxy: it may answer or reject the request, and edit the headers that go to the backend
     * and back. See {@link Middleware}.
     */
    public LoadBalancerBuilder middleware(Middleware middleware) {
        local.middleware(middleware);
        return this;
    }

    /** Same as {@link #middleware} for middleware that decides later (it must not block the event loop). */
    public LoadBalancerBuilder middlewareAsync(AsyncMiddleware middleware) {
        local.middlewareAsync(middleware);
        return this;
    }

    /**
     * Which certificates {@code https://} backends may present; default {@link BackendTls#defaults()}, the
     * JVM's trust store. See {@link BackendTls}.
     */
    public LoadBalancerBuilder backendTls(BackendTls backendTls) {
        this.backendTls = requireNonNull(backendTls, "backendTls");
        return this;
    }

    /**
     * Makes the page a client gets in place of the balancer's own {@code status} ({@code 502}, {@code 503} or
     * {@code 504}) when no backend answered; a backend's own error responses pass through unchanged. See
     * {@link FallbackHandler}.
     *
     * @throws IllegalArgumentException for another status, or one that has a fallback already
     */
    public LoadBalancerBuilder fallback(int status, FallbackHandler handler) {
        local.fallback(status, handler);
        return this;
    }

    /** A fallback for each of {@code 502}, {@code 503} and {@code 504} that has none of its own. */
    public LoadBalancerBuilder fallback(FallbackHandler handler) {
        local.fallback(handler);
        return this;
    }

    /**
     * Compresses responses for clients that accept gzip or Brotli; see {@link Compression}. Default: off,
     * responses pass as the backends sent them.
     */
    public LoadBalancerBuilder compression(Compression compression) {
        this.compression = requireNonNull(compression, "compression");
        return this;
    }

    /**
     * Answers every request that arrived over plain HTTP with {@code 308} to the same host, path and query on
     * {@code https://} (port 443), before any middleware runs: for a balancer serving plain HTTP while HTTPS is
     * served elsewhere. A balancer with {@link #tls} serves HTTPS only; {@link #redirectHttpFrom} redirects
     * its plain-HTTP port.
     */
    public LoadBalancerBuilder forceHttps() {
        return forceHttps(443);
    }

    /** Same as {@link #forceHttps()}, redirecting to {@code httpsPort}. */
    public LoadBalancerBuilder forceHttps(int httpsPort) {
        local.forceHttps(httpsPort);
        return this;
    }

    /** The largest request body a local route accepts (it is read whole); larger gets 413. Default 1 MiB. */
    public LoadBalancerBuilder maxLocalBodySize(int bytes) {
        local.maxBodySize(bytes);
        return this;
    }

    /**
     * Whether HTTPS clients may speak HTTP/2: ALPN offers {@code h2} before {@code http/1.1}, and each
     * stream is proxied like an HTTP/1.1 request (to the same HTTP/1.1 backends). Default true; without
     * {@link #tls} it changes nothing (see {@link #http2Cleartext}).
     */
    public LoadBalancerBuilder http2(boolean enabled) {
        this.http2 = enabled;
        return this;
    }

    /**
     * Accepts HTTP/2 without TLS from clients that know the balancer speaks it ({@code h2c} with prior
     * knowledge: the connection opens with the HTTP/2 preface); other connections are HTTP/1.1 as before.
     * Default false. Only on a plain-HTTP port: over TLS, HTTP/2 is negotiated with ALPN ({@link #http2}).
     */
    public LoadBalancerBuilder http2Cleartext(boolean enabled) {
        this.http2Cleartext = enabled;
        return this;
    }

    /**
     * How many requests one HTTP/2 connection may have in flight at once, advertised to the client as
     * {@code SETTINGS_MAX_CONCURRENT_STREAMS}; streams beyond it are refused ({@code RST_STREAM} with
     * {@code REFUSED_STREAM}, which clients retry). Default 100.
     */
    public LoadBalancerBuilder maxConcurrentStreams(int max) {
        checkArgument(max >= 1, "maxConcurrentStreams: %s (expected: >= 1)", max);
        this.maxConcurrentStreams = max;
        return this;
    }

    /**
     * Puts an edge cache in front of the backends: GET and HEAD requests that local routes did not answer are
     * looked up in {@code cache} first. A hit is answered without a backend (nor an admission slot); a miss is
     * proxied as usual and its response copied into the cache while it streams to the client. The balancer
     * closes the cache when it stops. Default: no cache.
     *
     * <pre>{@code
     * LoadBalancer.builder().backend("http://10.0.0.5:8080")
     *     .cache(ResponseCache.builder().maxBytes(256L << 20)
     *             .rule(CacheRule.path("/static/*").defaultTtl(Duration.ofMinutes(5))).build())
     *     .build().start();
     * }</pre>
     */
    public LoadBalancerBuilder cache(ResponseCache cache) {
        requireNonNull(cache, "cache");
        if (this.cache != null) {
            throw new IllegalStateException("cache: already set (expected: one cache per balancer)");
        }
        this.cache = cache;
        return this;
    }

    /** A balancer with these settings, not yet started. */
    public LoadBalancer build() {
        checkArgument(redirectHttpPort == ProxyConfig.NO_REDIRECT || tls != null,
                "redirectHttpPort: %s needs TLS on the balancer's port (expected: tls(...) as well)",
                redirectHttpPort);
        checkArgument(!local.forcesHttps() || tls == null, "forceHttps: every request arrives over HTTPS with tls(...) "
                + "(expected: redirectHttpFrom(port) to redirect plain HTTP to it)");
        checkArgument(!http2Cleartext || tls == null,
                "http2Cleartext: true needs a plain-HTTP port (expected: no tls(...); over TLS, HTTP/2 is "
                        + "negotiated with ALPN, see http2(boolean))");
        Algorithm chosen = algorithm == null ? Algorithm.roundRobin() : algorithm;
        return new LoadBalancer(new ProxyConfig(bindAddress, port, backends, chosen, maxConcurrentConnections,
                maxQueuedRequests, queueTimeout, connectTimeout, responseTimeout, headerTimeout, idleTimeout,
                shutdownGracePeriod, maxRequestLineLength, maxHeaderSize, forwardedHeader, ioThreads, healthCheck,
                passiveHealthCheck, slowStart, retries, listeners, adminPort, adminBindAddress, adminToken, workers,
                tls, redirectHttpPort, webSocketIdleTimeout, webSocketDrainGrace, backendTls, compression,
                local.build(), http2, http2Cleartext, maxConcurrentStreams, cache));
    }
}
