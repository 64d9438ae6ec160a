package dev.multiserver.cli.balance;

import dev.multiserver.balancer.LoadBalancer;
import dev.multiserver.balancer.tls.ServerTls;
import java.io.PrintWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Reloads the balancer's TLS certificate on SIGHUP, the signal daemons take as "read your files again":
 * {@code kill -HUP <pid>} after renewing a certificate. Without it the JVM would exit on SIGHUP. Catching
 * a signal takes {@code sun.misc.Signal}; where that is missing or the platform has no SIGHUP, the
 * balancer runs on, reloading when its files change. Closing puts the previous handler back.
 */
final class ReloadOnHangup implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ReloadOnHangup.class);

    /** Both null when SIGHUP cannot be caught here. */
    private final Signal hangup;
    private final SignalHandler previous;

    private ReloadOnHangup(Signal hangup, SignalHandler previous) {
        this.hangup = hangup;
        this.previous = previous;
    }

    /** Reloads {@code balancer}'s certificate on every SIGHUP from now on, and says how it went. */
    static ReloadOnHangup install(LoadBalancer balancer, ServerTls tls, PrintWriter out, PrintWriter err) {
        try {
            Signal hangup = new Signal("HUP");
            SignalHandler previous = Signal.handle(hangup, signal -> reload(balancer, tls, out, err));
            return new ReloadOnHangup(hangup, previous);
        } catch (IllegalArgumentException | UnsupportedOperationException | LinkageError e) {
            // No such signal here (Windows), or the JVM keeps it for itself.
            log.warn("SIGHUP cannot reload the TLS certificate on this platform ({}); it is reloaded when its files "
                    + "change, unless the reload interval is 0", e.toString());
            return new ReloadOnHangup(null, null);
        }
    }

    private static void reload(LoadBalancer balancer, ServerTls tls, PrintWriter out, PrintWriter err) {
        if (tls.source() == ServerTls.Source.SELF_SIGNED) {
            out.println("balance: SIGHUP: a self-signed certificate has no files to reload");
            out.flush();
            return;
        }
        boolean reloaded;
        try {
            reloaded = balancer.reloadTls();
        } catch (IllegalStateException stopping) {
            return;
        }
        if (reloaded) {
            out.println("balance: SIGHUP: reloaded the TLS certificate (" + tls + ")");
            out.flush();
        } else {
            err.println("balance: SIGHUP: kept the current TLS certificate; the new one cannot be used (the log says "
                    + "why)");
            err.flush();
        }
    }

    @Override
    public void close() {
        if (hangup != null) {
            Signal.handle(hangup, previous);
        }
    }
}
