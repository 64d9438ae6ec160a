package dev.multiserver.cli.balance;

import dev.multiserver.balancer.Backend;
import dev.multiserver.balancer.LoadBalancer;
import dev.multiserver.balancer.LoadBalancerBuilder;
import dev.multiserver.cli.config.ConfigException;
import dev.multiserver.cli.config.ConfigFile;
import dev.multiserver.cli.config.DurationConverter;
import dev.multiserver.cli.config.ValueErrors;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code multiserver balance}: runs a {@link LoadBalancer} configured by flags and, optionally, a YAML
 * file. The file is applied to the builder first and the flags given after it, so a flag overrides
 * the file; the builder validates both.
 */
@Command(
        name = "balance",
        sortOptions = false,
        usageHelpAutoWidth = true,
        description = "Run the load balancer in front of the given backends.",
        footer = {
            "",
            "Durations: 250ms, 5s, 2m, 1h, or ISO-8601 (PT5S).",
            "",
            "Every flag has a key in the --config file; flags given on the command line override it:",
            "  port: 8080",
            "  bind: 0.0.0.0",
            "  backends:",
            "    - http://127.0.0.1:9001",
            "    - url: http://127.0.0.1:9002",
            "      weight: 3",
            "  algorithm: round-robin",
            "  maxConnections: 100",
            "  maxQueued: 1024",
            "  queueTimeout: 5s",
            "  connectTimeout: 2s",
            "  timeout: 30s",
            "  headerTimeout: 10s",
            "  idleTimeout: 60s",
            "  shutdownGrace: 10s",
            "  maxRequestLine: 8192",
            "  maxHeaderSize: 16384",
            "  forwarded: false",
            "  ioThreads: 2",
            "",
            "Ctrl-C or SIGTERM stops accepting connections and lets requests in flight finish within the "
                    + "shutdown grace period.",
        })
public final class BalanceCommand implements Callable<Integer> {

    static final String NO_BACKEND = "balance: at least one --backend (or backends: in the config) is required";

    @Spec
    private CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE",
            description = "YAML file with these settings (keys below). Flags override it.")
    private Path config;

    @Option(names = "--port", paramLabel = "PORT",
            description = "Port to listen on; 0 picks a free one. Default: 8080.")
    private Integer port;

    @Option(names = "--bind", paramLabel = "ADDRESS",
            description = "Address to listen on. Default: 0.0.0.0 (every interface).")
    private String bind;

    @Option(names = "--backend", paramLabel = "URL",
            description = "A backend, http://host:port, optionally weighted: http://host:port#weight=3 (1-1000, "
                    + "default 1). Repeat the flag for each; these replace the config's list. Default: none; at "
                    + "least one is required, here or in the config.")
    private List<String> backends;

    @Option(names = "--algorithm", paramLabel = "NAME",
            description = "How to pick a backend: round-robin, least-latency, least-connections, or the class "
                    + "name of an Algorithm with a public no-argument constructor (put its jar on the class "
                    + "path). Default: round-robin.")
    private String algorithm;

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

    @Option(names = "--check",
            description = "Check the settings and exit without starting (status 0 when they are valid).")
    private boolean check;

    private final CompletableFuture<LoadBalancer> started = new CompletableFuture<>();

    /**
     * Completes with the running balancer once it listens (its {@link LoadBalancer#port()} is the bound
     * port), or exceptionally when the command ends without starting one. Closing the balancer ends
     * the command. For running {@code balance} inside another program or a test.
     */
    public CompletionStage<LoadBalancer> started() {
        return started.minimalCompletionStage();
    }

    @Override
    public Integer call() {
        try {
            return run();
        } finally {
            started.completeExceptionally(new IllegalStateException("balance ended without starting"));
        }
    }

    private int run() {
        LoadBalancer balancer = configure().build();
        List<Backend> backends = balancer.backends();
        if (backends.isEmpty()) {
            throw new ParameterException(spec.commandLine(), NO_BACKEND);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (check) {
            out.println("balance: settings are valid; " + describe(backends));
            out.flush();
            return ExitCode.OK;
        }
        try {
            balancer.start();
        } catch (UncheckedIOException e) {
            spec.commandLine().getErr().println("balance: " + e.getMessage());
            spec.commandLine().getErr().flush();
            return ExitCode.SOFTWARE;
        }
        Thread drainOnExit = new Thread(balancer::close, "multiserver-shutdown");
        Runtime.getRuntime().addShutdownHook(drainOnExit);
        out.println("multiserver balancing " + url(balancer.localAddress()) + " across "
                + describe(backends));
        out.flush();
        started.complete(balancer);
        try {
            balancer.awaitStop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            balancer.close();
        } finally {
            removeShutdownHook(drainOnExit);
        }
        return ExitCode.OK;
    }

    /** The file's settings, then the flags', on one builder. */
    private LoadBalancerBuilder configure() {
        LoadBalancerBuilder builder = LoadBalancer.builder();
        boolean backendFlags = backends != null && !backends.isEmpty();
        if (config != null) {
            try {
                BalanceConfig.applyTo(ConfigFile.read(config), builder, !backendFlags);
            } catch (ConfigException e) {
                throw new ParameterException(spec.commandLine(), e.getMessage());
            }
        }
        set("--port", port, builder::port);
        set("--bind", bind, builder::bindAddress);
        set("--algorithm", algorithm, name -> builder.algorithm(Algorithms.byName(name)));
        set("--max-connections", maxConnections, builder::maxConcurrentConnections);
        set("--max-queued", maxQueued, builder::maxQueuedRequests);
        set("--queue-timeout", queueTimeout, builder::queueTimeout);
        set("--connect-timeout", connectTimeout, builder::connectTimeout);
        set("--timeout", responseTimeout, builder::responseTimeout);
        set("--header-timeout", headerTimeout, builder::headerTimeout);
        set("--idle-timeout", idleTimeout, builder::idleTimeout);
        set("--shutdown-grace", shutdownGrace, builder::shutdownGracePeriod);
        set("--max-request-line", maxRequestLine, builder::maxRequestLineLength);
        set("--max-header-size", maxHeaderSize, builder::maxHeaderSize);
        set("--forwarded", forwarded, builder::forwardedHeader);
        set("--io-threads", ioThreads, builder::ioThreads);
        if (backendFlags) {
            backends.forEach(url -> set("--backend", url, spec -> builder.backend(BackendSpecs.parse(spec))));
        }
        return builder;
    }

    private <T> void set(String flag, T value, Consumer<T> setter) {
        if (value == null) {
            return;
        }
        try {
            setter.accept(value);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(),
                    "Invalid value for option '" + flag + "': " + ValueErrors.detail(e));
        }
    }

    private static String describe(List<Backend> backends) {
        return backends.size() + " backend(s): "
                + backends.stream().map(Backend::toString).collect(Collectors.joining(", "));
    }

    private static String url(InetSocketAddress address) {
        InetAddress ip = address.getAddress();
        // A dual-stack socket bound to 0.0.0.0 reports the IPv6 wildcard; both mean every interface.
        String host = ip == null ? address.getHostString() : ip.isAnyLocalAddress() ? "0.0.0.0" : ip.getHostAddress();
        return "http://" + (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + address.getPort();
    }

    private static void removeShutdownHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // The hook is draining the balancer right now; the JVM exits when it is done.
        }
    }
}
