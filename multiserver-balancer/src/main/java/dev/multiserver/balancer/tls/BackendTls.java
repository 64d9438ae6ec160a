package dev.multiserver.balancer.tls;

import static java.util.Objects.requireNonNull;

import dev.multiserver.balancer.internal.tls.CaBundles;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;

/**
 * Which certificates the balancer trusts when it reaches {@code https://} backends. Either way it speaks
 * TLS 1.3 or 1.2, checks that the certificate names the backend's host (as a browser would: endpoint
 * identification {@code HTTPS}), and sends the host as SNI when it is a DNS name rather than an IP address.
 *
 * <pre>{@code
 * LoadBalancer.builder()
 *         .backend("https://app-1.internal:8443")
 *         .backend("https://app-2.internal:8443")
 *         .backendTls(BackendTls.trusting(Path.of("/etc/tls/internal-ca.pem")))
 * }</pre>
 *
 * <p>{@link #defaults()} trusts what the JVM trusts: its default trust store ({@code cacerts}, or the
 * {@code javax.net.ssl.trustStore} system property). {@link #trusting(Path)} trusts the certificates of a
 * PEM bundle <em>instead</em>: the default trust store no longer counts, so a backend whose certificate
 * none of them signed is refused even when a public CA did. A failed handshake answers the request
 * with {@code 502} naming the backend and the problem, and counts as a failure to connect.
 */
public final class BackendTls {

    private static final BackendTls DEFAULTS = new BackendTls(null, List.of());

    private final Path caBundle;
    private final List<X509Certificate> trustedCertificates;

    private BackendTls(Path caBundle, List<X509Certificate> trustedCertificates) {
        this.caBundle = caBundle;
        this.trustedCertificates = trustedCertificates;
    }

    /** Trusts the JVM's default trust store: backends with publicly trusted certificates. */
    public static BackendTls defaults() {
        return DEFAULTS;
    }

    /**
     * Trusts only the certificates in {@code caBundlePem}: one or more PEM {@code CERTIFICATE} blocks,
     * usually the CAs that sign the backends' certificates. They replace the JVM's default trust store.
     * The file is read now.
     *
     * @throws IllegalArgumentException naming the file when it is missing, unreadable, or holds no
     *     certificate or something else than certificates
     */
    public static BackendTls trusting(Path caBundlePem) {
        requireNonNull(caBundlePem, "caBundlePem");
        return new BackendTls(caBundlePem, CaBundles.read(caBundlePem));
    }

    /** The PEM bundle given to {@link #trusting(Path)}; empty with the defaults. */
    public Optional<Path> caBundle() {
        return Optional.ofNullable(caBundle);
    }

    /** The certificates read from the bundle, in its order; empty with the defaults. */
    public List<X509Certificate> trustedCertificates() {
        return trustedCertificates;
    }

    @Override
    public String toString() {
        return caBundle == null ? "the JVM's default trust store"
                : "CA bundle " + caBundle + " (" + trustedCertificates.size() + " certificate(s))";
    }
}
