package dev.multiserver.balancer.internal.tls;

/** A certificate, key or key store that cannot be used; the message names the file. */
public final class TlsConfigException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    TlsConfigException(String message) {
        super(message);
    }

    TlsConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
