package dev.multiserver.balancer.internal.tls;

import dev.multiserver.balancer.tls.ServerTls;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's current TLS context. It checks the certificate files every interval and, when one changed,
 * builds a new context for new connections; a change that cannot be loaded is logged and the current
 * context kept. Connections already open keep the context they began with.
 */
public final class ReloadingSslContext implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ReloadingSslContext.class);

    private final ServerTls tls;
    private final List<String> applicationProtocols;
    private volatile SslContext current;
    private volatile List<Object> fileStamps;
    private ScheduledExecutorService checks;

    private ReloadingSslContext(ServerTls tls, List<String> applicationProtocols) {
        this.tls = tls;
        this.applicationProtocols = List.copyOf(applicationProtocols);
        this.fileStamps = stamps();
        this.current = ServerSslContexts.build(tls, this.applicationProtocols);
    }

    /**
     * @param applicationProtocols what ALPN offers, the preferred first ({@code h2}, {@code http/1.1})
     * @throws IllegalArgumentException naming the file when the certificate or key cannot be used
     */
    public static ReloadingSslContext load(ServerTls tls, List<String> applicationProtocols) {
        return new ReloadingSslContext(tls, applicationProtocols);
    }

    /**
     * Starts checking the files when an interval is set, on a thread of its own: reading files is blocking
     * I/O, which has no place on an event loop.
     */
    public void watch() {
        long interval = tls.reloadCheckInterval().toNanos();
        if (interval > 0 && tls.source() != ServerTls.Source.SELF_SIGNED) {
            checks = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread thread = new Thread(r, "multiserver-tls-reload");
                thread.setDaemon(true);
                return thread;
            });
            checks.scheduleWithFixedDelay(this::reloadIfChanged, interval, interval, TimeUnit.NANOSECONDS);
        }
    }

    public SslHandler newHandler(ByteBufAllocator alloc) {
        return current.newHandler(alloc);
    }

    /** Reloads when a file changed since the last load. */
    synchronized void reloadIfChanged() {
        if (!stamps().equals(fileStamps)) {
            reload();
        }
    }

    /**
     * Loads the files again now.
     *
     * @return true when the new certificate is in use (or, self-signed, there is nothing to load); false
     *     when it could not be loaded (logged)
     */
    public synchronized boolean reload() {
        if (tls.source() == ServerTls.Source.SELF_SIGNED) {
            return true;
        }
        List<Object> stamps = stamps();
        try {
            current = ServerSslContexts.build(tls, applicationProtocols);
            fileStamps = stamps;
            log.info("TLS: reloaded {}", tls);
            return true;
        } catch (RuntimeException e) {
            fileStamps = stamps; // log a broken file once, not at every check
            log.error("TLS: keeping the current certificate; the new one cannot be used: {}", e.getMessage());
            return false;
        }
    }

    private List<Object> stamps() {
        List<Object> stamps = new ArrayList<>();
        for (Path file : new Path[] {tls.certificateFile().orElse(null), tls.privateKeyFile().orElse(null)}) {
            if (file != null) {
                stamps.add(stamp(file));
            }
        }
        return stamps;
    }

    private static Object stamp(Path file) {
        try {
            FileTime modified = Files.getLastModifiedTime(file);
            return List.of(modified, Files.size(file));
        } catch (IOException e) {
            return "missing";
        }
    }

    @Override
    public void close() {
        if (checks != null) {
            checks.shutdownNow();
        }
    }
}
