package dev.multiserver.testkit;

import static java.util.Objects.requireNonNull;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A scriptable HTTP/1.1 server on a loopback port, standing in for an application instance behind the load
 * balancer. Each request's query string says how to answer; without one it answers {@code 200} with a JSON
 * description of the request.
 *
 * <pre>{@code
 * try (TestBackend b1 = TestBackend.start("b1"); TestBackend b2 = TestBackend.start("b2")) {
 *     // point the code under test at b1.uri() and b2.uri() ("http://127.0.0.1:P"), then ask it for, e.g.,
 *     // "/slow?delay=500&status=503": whichever backend gets it answers 503 after 500 ms
 *     b1.refuseConnections();                         // b1 is down: connects are refused, the port kept
 *     ...
 *     assertThat(b2.requestCount()).isEqualTo(1);
 *     assertThat(b2.lastRequest().header("X-Forwarded-For")).isEqualTo("127.0.0.1");
 * }
 * }</pre>
 *
 * <p>Every response carries {@code X-Backend-Id: <id>}. The default body is
 * {@code {"backend":"b1","method":"GET","uri":"/x?y=1","version":"HTTP/1.1","headers":[["Host","127.0.0.1:8080"],
 * …],"bodyLength":0,"bodySha256":"…"}} ({@code application/json}, {@code Content-Length}). Request bodies are
 * counted and hashed as they stream in, never kept. Query parameters, which combine:
 * <ul>
 *   <li>{@code delay=<ms>} — wait that long, after the request has arrived, before answering;
 *   <li>{@code status=<code>} — answer with that status (200..599);
 *   <li>{@code size=<bytes>} — instead of JSON, stream that many bytes where byte {@code i} is
 *       {@code (byte) (i % 251)}, in 64 KiB chunks written only while the connection is writable;
 *   <li>{@code chunked=true} — send the body with {@code Transfer-Encoding: chunked};
 *   <li>{@code echo=true} — stream the request body back, chunked, as it arrives and no faster than the client
 *       reads it (not with {@code size} or {@code close});
 *   <li>{@code close=before-response} — close the connection once the request has arrived, without answering;
 *       {@code close=mid-body} — send headers promising 1000000 bytes, 1000 of them, then close;
 *       {@code close=reset} — reset the connection (RST) instead of answering;
 *   <li>{@code header=Name:Value} (repeatable) — add that response header, replacing a default of that name,
 *       for example {@code header=Connection:close}; the backend closes after a response that says so;
 *   <li>{@code continue=false} — do not answer {@code Expect: 100-continue} with {@code 100 Continue} (by
 *       default it does, like a normal server).
 * </ul>
 * A bad value answers {@code 400} with a message naming the parameter. Connections are persistent unless the
 * request or the response says otherwise, and requests are answered one at a time, in order.
 *
 * <p>{@link #startTls(String, SslContext)} starts one that speaks HTTPS only, for example with a
 * certificate from a {@link TestCertificateAuthority}; {@link #tlsServerNames()} tells what its clients sent
 * as SNI.
 *
 * <p>For anything else, {@link #respondWith(BackendHandler)}. Tests own the backend: open it in
 * try-with-resources or close it in {@code @AfterEach}/{@code @AfterAll}. Each backend has its own event-loop
 * thread; {@link #close()} waits until it has stopped.
 */
public final class TestBackend implements AutoCloseable {

    private static final Duration REBIND_TIMEOUT = Duration.ofSeconds(5);

    private final BackendState state;
    private final EventLoopGroup eventLoop;
    private final ChannelGroup connections;
    private final ServerBootstrap bootstrap;
    private final InetSocketAddress address;
    private final boolean tls;

    private Channel listener;
    private PortReservation reservation;
    private boolean closed;

    private TestBackend(String id, SslContext tls) {
        this.tls = tls != null;
        state = new BackendState(id);
        eventLoop = new MultiThreadIoEventLoopGroup(
                1, new DefaultThreadFactory("test-backend-" + id, true), NioIoHandler.newFactory());
        connections = new DefaultChannelGroup("test-backend-" + id, GlobalEventExecutor.INSTANCE);
        bootstrap = new ServerBootstrap()
                .group(eventLoop)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.AUTO_READ, false)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new BackendChannelInitializer(state, connections, tls));
        ChannelFuture bound = bootstrap.bind(FreePorts.LOOPBACK, 0).awaitUninterruptibly();
        if (!bound.isSuccess()) {
            eventLoop.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            throw new IllegalStateException(
                    "test backend " + id + ": cannot listen on " + FreePorts.LOOPBACK, bound.cause());
        }
        listener = bound.channel();
        address = (InetSocketAddress) listener.localAddress();
    }

    /** Starts a backend named {@code id} on {@code 127.0.0.1} and a free port. */
    public static TestBackend start(String id) {
        return new TestBackend(checkId(id), null);
    }

    /**
     * Starts a backend named {@code id} on {@code 127.0.0.1} and a free port that speaks HTTPS only, with the
     * certificate of {@code serverContext} (a server context); it answers as {@link #start(String)}'s does.
     */
    public static TestBackend startTls(String id, SslContext serverContext) {
        requireNonNull(serverContext, "serverContext");
        if (serverContext.isClient()) {
            throw new IllegalArgumentException("serverContext: a client context (expected: a server context)");
        }
        return new TestBackend(checkId(id), serverContext);
    }

    private static String checkId(String id) {
        requireNonNull(id, "id");
        if (id.isBlank()) {
            throw new IllegalArgumentException("id: \"" + id + "\" (expected: not blank)");
        }
        return id;
    }

    /** The name given to {@link #start(String)}, sent as {@code X-Backend-Id}. */
    public String id() {
        return state.id();
    }

    /** The port; it stays the same across {@link #refuseConnections()} and {@link #acceptConnections()}. */
    public int port() {
        return address.getPort();
    }

    /** {@code 127.0.0.1:port}. */
    public InetSocketAddress address() {
        return address;
    }

    /** {@code http://127.0.0.1:port}, or {@code https://127.0.0.1:port} for a backend started with TLS. */
    public URI uri() {
        return URI.create((tls ? "https://" : "http://") + authority());
    }

    /**
     * The host names clients sent as SNI, one per TLS handshake begun, in order ({@code ""} when a client sent
     * none); empty for a backend without TLS.
     */
    public java.util.List<String> tlsServerNames() {
        return state.tlsServerNames();
    }

    /** How many requests have arrived in full (including those answered by closing or resetting). */
    public int requestCount() {
        return state.requestCount();
    }

    /** The request targets (path and query) in the order their heads arrived, complete or not. */
    public java.util.List<String> requestUris() {
        return state.startedUris();
    }

    /**
     * The most requests this backend ever had in progress at once (from head received to response written
     * or connection closed), across all connections.
     */
    public int maxConcurrentRequests() {
        return state.maxInProgress();
    }

    /** How many TCP connections have been accepted since the start. */
    public int connectionCount() {
        return state.connectionCount();
    }

    /** How many accepted connections are open now. */
    public int openConnectionCount() {
        return connections.size();
    }

    /** The last request that arrived in full, or {@code null} if none has. */
    public ReceivedRequest lastRequest() {
        return state.lastRequest();
    }

    /**
     * A copy of the headers of the last request that arrived in full, in the order and case they were sent;
     * empty if none has.
     */
    public HttpHeaders lastRequestHeaders() {
        ReceivedRequest last = state.lastRequest();
        return last != null ? last.headers() : new DefaultHttpHeaders();
    }

    /** Answers every later request with {@code handler} instead of the query-string script. */
    public void respondWith(BackendHandler handler) {
        state.handler(requireNonNull(handler, "handler"));
    }

    /** Goes back to answering as the query string says. */
    public void resetBehaviour() {
        state.handler(null);
    }

    /**
     * Closes the listening socket so new connections are refused ({@code ECONNREFUSED}), and holds the port as
     * far as the operating system allows. Connections already open stay open; see {@link #dropConnections()}.
     */
    public synchronized void refuseConnections() {
        checkOpen();
        if (listener == null) {
            return;
        }
        listener.close().syncUninterruptibly();
        listener = null;
        reservation = PortReservation.hold(address);
        awaitRefusal();
    }

    /** Returns once a connection attempt is refused, so callers never race the listener's close. */
    private void awaitRefusal() {
        long deadline = System.nanoTime() + REBIND_TIMEOUT.toNanos();
        while (true) {
            try (java.net.Socket probe = new java.net.Socket()) {
                probe.connect(address, 1000);
            } catch (java.io.IOException refused) {
                return;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("test backend " + id() + ": " + authority()
                        + " still accepts connections after its listener was closed");
            }
            pause();
        }
    }

    /** Listens on the same port again after {@link #refuseConnections()}; does nothing if listening. */
    public synchronized void acceptConnections() {
        checkOpen();
        if (listener != null) {
            return;
        }
        reservation.close();
        reservation = null;
        long deadline = System.nanoTime() + REBIND_TIMEOUT.toNanos();
        while (true) {
            ChannelFuture bound = bootstrap.bind(address).awaitUninterruptibly();
            if (bound.isSuccess()) {
                listener = bound.channel();
                return;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("test backend " + id() + ": cannot listen on " + authority()
                        + " again within " + REBIND_TIMEOUT.toSeconds() + " s", bound.cause());
            }
            pause();
        }
    }

    /** Closes every open connection, as a restarting server would; the backend keeps listening. */
    public void dropConnections() {
        connections.close().awaitUninterruptibly();
    }

    /** Stops listening, closes every connection and waits until the event loop has stopped. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            if (listener != null) {
                listener.close().syncUninterruptibly();
                listener = null;
            }
            if (reservation != null) {
                reservation.close();
                reservation = null;
            }
        }
        connections.close().awaitUninterruptibly();
        eventLoop.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Override
    public String toString() {
        return "TestBackend[" + id() + " at " + uri() + "]";
    }

    private String authority() {
        return FreePorts.LOOPBACK + ":" + port();
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("test backend " + id() + " at " + authority() + " is closed");
        }
    }

    private static void pause() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while binding again", e);
        }
    }
}
