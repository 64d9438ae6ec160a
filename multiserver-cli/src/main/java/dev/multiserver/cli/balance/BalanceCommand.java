package dev.multiserver.cli.balance;

import dev.multiserver.balancer.Backend;
import dev.multiserver.balancer.LoadBalancer;
import dev.multiserver.balancer.LoadBalancerBuilder;
import dev.multiserver.balancer.worker.WorkerException;
import dev.multiserver.balancer.worker.Workers;
import dev.multiserver.cli.config.ConfigException;
import dev.multiserver.cli.config.ConfigFile;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.stream.Collectors;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code multiserver balance}: runs a {@link LoadBalancer} configured by flags and, optionally, a YAML
 * file. The file is applied first, then the environment ({@code MULTISERVER_ADMIN_TOKEN}), then the
 * flags, so a flag overrides the file; the builder validates all of them. With TLS, SIGHUP reloads the
 * certificate.
 */
@Command(
        name = "balance",
        sortOptions = false,
        abbreviateSynopsis = true,
        usageHelpAutoWidth = true,
        description = "Run the load balancer in front of the given backends, or of workers it starts.",
        footer = {
            "",
            "Durations: 250ms, 5s, 2m, 1h, or ISO-8601 (PT5S). Sizes: bytes (65536), or 512B, 64KiB, 1MiB.",
            "",
            "Every flag has a key in the --config file; flags given on the command line override it:",
            "  port: 8080",
            "  bind: 0.0.0.0",
            "  backends:",
            "    - http://127.0.0.1:9001",
            "    - url: http://127.0.0.1:9002",
            "      weight: 3",
            "    - http://127.0.0.1:9003#weight=2",
            "    - https://app.internal:8443",
            "  workers:                  # or --spawn; with them, backends: is optional",
            "    command: java -jar app.jar --port {port}",
            "    count: 4",
            "    startTimeout: 30s",
            "    stopGrace: 10s",
            "    backoff: 500ms",
            "    maxBackoff: 30s",
            "    crashLoopLimit: 5",
            "    stableAfter: 30s",
            "    logDirectory: /var/log/app",
            "    workingDirectory: /srv/app",
            "    environment:",
            "      JAVA_OPTS: -Xmx512m",
            "  algorithm: round-robin     # or a mapping with options:",
            "  #   {name: sticky-session, cookie: MSBACKEND}",
            "  #   {name: sticky-session, appCookie: JSESSIONID}",
            "  #   {name: consistent-hash, key: 'header:X-User'}",
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
            "  webSocketIdleTimeout: 1h",
            "  webSocketDrainGrace: 30s",
            "  health:",
            "    path: /health",
            "    interval: 5s",
            "    timeout: 2s",
            "    rise: 2",
            "    fall: 3",
            "  passiveHealth:",
            "    consecutiveFailures: 5   # 0: no ejection",
            "    ejectionTime: 10s",
            "    maxEjectionTime: 5m",
            "  slowStart: 30s",
            "  retries:",
            "    maxAttempts: 3           # 1: no retries",
            "    budget: 0.2",
            "    maxBody: 64KiB",
            "  admin:",
            "    enabled: true",
            "    port: 9900",
            "    bind: 127.0.0.1",
            "    token: ...               # or MULTISERVER_ADMIN_TOKEN in the environment",
            "  tls:                       # default: none (plain HTTP)",
            "    certificate: /etc/tls/fullchain.pem",
            "    key: /etc/tls/privkey.pem",
            "    keyPasswordEnv: KEY_PASS # the variable holding the key's password",
            "    # or keystore: server.p12, keystorePasswordEnv: P12_PASS",
            "    # or selfSigned: true",
            "    reloadInterval: 10s",
            "    redirectHttp: 80",
            "  backendTls:                # for https:// backends; default: the JVM's trust store",
            "    caBundle: /etc/tls/internal-ca.pem",
            "  compression:               # default: off; the section turns it on",
            "    enabled: true",
            "    minSize: 1KiB",
            "    types: [text/*, application/json, +json, +xml]",
            "    brotli: true",
            "    gzipLevel: 6",
            "    brotliQuality: 4",
            "  cache:                     # the edge cache; default: off, the section turns it on",
            "    size: 256MiB",
            "    maxObjectSize: 8MiB",
            "    shared: redis://10.0.0.5:6379   # a shared tier (or memcached://...)",
            "    rules:                   # default: every GET and HEAD, as its headers allow",
            "      - path: /static/*      # or regex: ^/api/.*[.]json$",
            "        ttl: 60s             # for responses without Cache-Control or Expires",
            "        varyHeaders: [Accept-Language]",
            "  routes:                    # answered by the balancer itself",
            "    - path: /healthz         # method: GET (and HEAD) unless given; * for any",
            "      body: ok               # or file: static/x.html; status: 200 by default",
            "    - path: /old/*",
            "      redirect: https://example.com/new",
            "      status: 301            # default 302",
            "  errorPages:                # instead of the balancer's own 502, 503, 504",
            "    503: pages/503.html",
            "  headers:",
            "    request: {set: {X-From: balancer}, remove: [X-Debug]}",
            "    response: {set: {X-Frame-Options: DENY}, remove: [Server]}",
            "  forceHttps: false          # or true, or {port: 8443}",
            "  http2:",
            "    enabled: true            # h2 by ALPN when there is TLS",
            "    cleartext: false         # h2c with prior knowledge on a plain-HTTP port",
            "    maxConcurrentStreams: 100",
            "",
            "Ctrl-C or SIGTERM stops accepting connections, lets requests in flight finish within the "
                    + "shutdown grace period, then stops the workers (SIGTERM, and SIGKILL after their stop grace). "
                    + "SIGHUP reloads the TLS certificate.",
        })
public final class BalanceCommand implements Callable<Integer> {

    static final String NO_BACKEND = "balance: at least one --backend or a --spawn command (or backends: or "
            + "workers: in the config) is required";

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
            description = "A backend, http://host:port or https://host:port (TLS, see --backend-ca), optionally "
                    + "weighted: http://host:port#weight=3 (1-1000, default 1). Repeat the flag for each; these "
                    + "replace the config's list. Default: none; at least one is required, here or in the config, "
                    + "unless there are workers (--spawn).")
    private List<String> backends;

    // Groups only section the help; each field keeps its instance (picocli fills it when a flag is given).
    @ArgGroup(validate = false, heading = "%nWorkers:%n", order = 0)
    private WorkerOptions workers = new WorkerOptions();

    @ArgGroup(validate = false, heading = "%nChoosing a backend:%n", order = 1)
    private AlgorithmOptions algorithm = new AlgorithmOptions();

    @ArgGroup(validate = false, heading = "%nConnections and limits:%n", order = 2)
    private ConnectionOptions connections = new ConnectionOptions();

    @ArgGroup(validate = false, heading = "%nHealth:%n", order = 3)
    private HealthOptions health = new HealthOptions();

    @ArgGroup(validate = false, heading = "%nRetries:%n", order = 4)
    private RetryOptions retries = new RetryOptions();

    @ArgGroup(validate = false, heading = "%nAdmin server:%n", order = 5)
    private AdminOptions admin = new AdminOptions();

    @ArgGroup(validate = false, heading = "%nTLS:%n", order = 6)
    private TlsOptions tls = new TlsOptions();

    @ArgGroup(validate = false, heading = "%nCompression:%n", order = 7)
    private CompressionOptions compression = new CompressionOptions();

    @ArgGroup(validate = false, heading = "%nEdge cache:%n", order = 7)
    private CacheOptions cache = new CacheOptions();

    @ArgGroup(validate = false, heading = "%nAnswered by the balancer:%n", order = 8)
    private LocalOptions local = new LocalOptions();

    @ArgGroup(validate = false, heading = "%nHTTP/2:%n", order = 9)
    private Http2Options http2 = new Http2Options();

    @Option(names = "--check",
            description = "Check the settings, print what they add up to, and exit without starting (status 0 "
                    + "when they are valid).")
    private boolean check;

    private final CompletableFuture<LoadBalancer> started = new CompletableFuture<>();
    private Function<String, String> environment = System::getenv;

    /** Reads environment variables from {@code variables} instead of the process's: for tests. */
    BalanceCommand environment(Map<String, String> variables) {
        this.environment = Map.copyOf(variables)::get;
        return this;
    }

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
        BalanceSettings.Built built = configure();
        LoadBalancer balancer = built.balancer();
        List<Backend> backends = balancer.backends();
        Workers workers = built.workers().orElse(null);
        if (backends.isEmpty() && workers == null) {
            throw new ParameterException(spec.commandLine(), NO_BACKEND);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (check) {
            out.println("balance: settings are valid; " + describe(backends, workers));
            built.summary().forEach(line -> out.println("  " + line));
            out.flush();
            return ExitCode.OK;
        }
        PrintWriter err = spec.commandLine().getErr();
        try {
            balancer.start();
        } catch (UncheckedIOException | WorkerException | IllegalArgumentException e) {
            // Running failed — a port is taken, a worker cannot start, a TLS certificate file cannot be used (the
            // message names it) — though the settings were valid: no usage hint, and the library has stopped what
            // it started.
            err.println("balance: " + e.getMessage());
            err.flush();
            return ExitCode.SOFTWARE;
        }
        Thread drainOnExit = new Thread(balancer::close, "multiserver-shutdown");
        Runtime.getRuntime().addShutdownHook(drainOnExit);
        ReloadOnHangup reloadOnHangup = built.tls().map(tls -> ReloadOnHangup.install(balancer, tls, out, err))
                .orElse(null);
        String scheme = built.tls().isPresent() ? "https" : "http";
        out.println("multiserver balancing " + url(scheme, balancer.localAddress()) + " across "
                + describe(backends, workers));
        balancer.redirectAddress().ifPresent(address -> out.println("redirecting " + url("http", address)
                + " to https"));
        balancer.adminAddress().ifPresent(address -> out.println("admin server on " + url("http", address) + "/"));
        out.flush();
        started.complete(balancer);
        try {
            balancer.awaitStop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            balancer.close();
        } finally {
            removeShutdownHook(drainOnExit);
            if (reloadOnHangup != null) {
                reloadOnHangup.close();
            }
        }
        return ExitCode.OK;
    }

    /**
     * The file's settings, then the environment's and the flags', on one builder; a wrong value is a
     * usage error naming it.
     */
    private BalanceSettings.Built configure() {
        BalanceSettings settings = new BalanceSettings(environment);
        LoadBalancerBuilder builder = settings.builder();
        Flags flags = new Flags(spec.commandLine());
        boolean backendFlags = backends != null && !backends.isEmpty();
        try {
            if (config != null) {
                BalanceConfig.applyTo(ConfigFile.read(config), settings, !backendFlags);
            }
            flags.set("--port", port, builder::port);
            flags.set("--bind", bind, builder::bindAddress);
            workers.applyTo(settings.workers(), flags);
            algorithm.applyTo(settings.algorithm(), flags);
            connections.applyTo(builder, flags);
            health.applyTo(settings, flags);
            retries.applyTo(settings.retries(), flags);
            admin.applyTo(settings.admin(), flags, environment);
            tls.applyTo(settings.tls(), settings.backendTls(), flags);
            compression.applyTo(settings.compression(), flags);
            cache.applyTo(settings.cache(), flags);
            local.applyTo(settings.local(), flags);
            http2.applyTo(settings.http2(), flags);
            if (backendFlags) {
                backends.forEach(url -> flags.set("--backend", url, text -> builder.backend(BackendSpecs.parse(text))));
            }
            return settings.build();
        } catch (ConfigException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    /** The fixed backends, the workers, or both: {@code 1 backend(s): http://… and 3 worker(s) running `…`}. */
    private static String describe(List<Backend> backends, Workers workers) {
        String fixed = backends.size() + " backend(s): "
                + backends.stream().map(Backend::toString).collect(Collectors.joining(", "));
        return workers == null ? fixed : backends.isEmpty() ? workers.toString() : fixed + " and " + workers;
    }

    private static String url(String scheme, InetSocketAddress address) {
        InetAddress ip = address.getAddress();
        // A dual-stack socket bound to 0.0.0.0 reports the IPv6 wildcard; both mean every interface.
        String host = ip == null ? address.getHostString() : ip.isAnyLocalAddress() ? "0.0.0.0" : ip.getHostAddress();
        return scheme + "://" + (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + address.getPort();
    }

    private static void removeShutdownHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // The hook is draining the balancer right now; the JVM exits when it is done.
        }
    }
}
