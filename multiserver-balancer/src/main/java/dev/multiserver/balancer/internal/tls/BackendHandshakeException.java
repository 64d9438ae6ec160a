package dev.multiserver.balancer.internal.tls;

import dev.multiserver.balancer.Backend;
import io.netty.handler.ssl.NotSslRecordException;
import io.netty.handler.ssl.SslHandshakeTimeoutException;
import java.nio.channels.ClosedChannelException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLException;

/**
 * A TLS handshake with a backend that failed, with a message fit for a log line and a 502 answer:
 * {@code TLS handshake with backend 127.0.0.1:9443 failed: certificate not trusted (…)}.
 */
public final class BackendHandshakeException extends SSLException {

    private static final long serialVersionUID = 1L;

    private BackendHandshakeException(String message, Throwable cause) {
        super(message, cause);
    }

    static BackendHandshakeException of(Backend backend, Throwable cause) {
        return new BackendHandshakeException("TLS handshake with backend " + backend.authority() + " failed: "
                + why(cause), cause);
    }

    /** The JDK's words for what went wrong, prefixed with what that means to someone running backends. */
    static String why(Throwable failure) {
        List<Throwable> chain = new ArrayList<>();
        for (Throwable t = failure; t != null && !chain.contains(t); t = t.getCause()) {
            chain.add(t);
        }
        for (Throwable t : chain) {
            if (t instanceof SslHandshakeTimeoutException) {
                return "no handshake within the connect timeout (" + t.getMessage() + ")";
            }
            if (t instanceof NotSslRecordException) {
                return "the backend does not speak TLS on this port (it answered with something else)";
            }
            if (t instanceof CertificateExpiredException || t instanceof CertificateNotYetValidException) {
                return "certificate expired or not yet valid (" + t.getMessage() + ")";
            }
            if (t instanceof CertificateException && t.getMessage() != null
                    && (t.getMessage().startsWith("No subject alternative") || t.getMessage().startsWith("No name"))) {
                return "certificate does not match the host name (" + t.getMessage() + ")";
            }
        }
        for (Throwable t : chain) {
            if (t instanceof CertPathBuilderException || t instanceof CertPathValidatorException) {
                return "certificate not trusted (" + t.getMessage() + ")";
            }
        }
        Throwable last = chain.get(chain.size() - 1);
        if (last instanceof ClosedChannelException) {
            return "the backend closed the connection during the handshake";
        }
        return last.getMessage() == null ? last.getClass().getSimpleName() : last.getMessage();
    }
}
