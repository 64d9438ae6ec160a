package dev.multiserver.balancer.tls;

import static dev.multiserver.balancer.internal.Checks.checkArgument;
import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The balancer's TLS certificate and key: it then serves HTTPS only (TLS 1.2 and 1.3, modern cipher
 * suites, ALPN), and tells backends {@code X-Forwarded-Proto: https}.
 *
 * <pre>{@code
 * LoadBalancer.builder()
 *         .port(443)
 *         .tls(ServerTls.pem(Path.of("/etc/tls/fullchain.pem"), Path.of("/etc/tls/privkey.pem")))
 *         .redirectHttpFrom(80)
 * }</pre>
 *
 * <p>The files are checked every {@link #reloadCheckInterval()} (10 s by default); a renewed certificate is
 * used for new connections without a restart, and one that cannot be read is logged while the old one
 * stays in use. {@link dev.multiserver.balancer.LoadBalancer#reloadTls()} reloads at once.
 */
public final class ServerTls {

    /** Where the certificate comes from. */
    public enum Source {
        /** A PEM certificate chain and a PEM private key (PKCS#8 or PKCS#1, optionally encrypted). */
        PEM,
        /** A PKCS#12 key store holding one key and its chain. */
        PKCS12,
        /** A certificate generated at start for {@code localhost}: for local use only. */
        SELF_SIGNED
    }

    private final Source source;
    private final Path certificateChain;
    private final Path privateKey;
    private final String password;
    private final Duration reloadCheckInterval;

    private ServerTls(Source source, Path certificateChain, Path privateKey, String password,
            Duration reloadCheckInterval) {
        this.source = source;
        this.certificateChain = certificateChain;
        this.privateKey = privateKey;
        this.password = password;
        this.reloadCheckInterval = reloadCheckInterval;
    }

    /** A PEM certificate chain (the server's certificate first) and its private key. */
    public static ServerTls pem(Path certificateChain, Path privateKey) {
        requireNonNull(certificateChain, "certificateChain");
        requireNonNull(privateKey, "privateKey");
        return new ServerTls(Source.PEM, certificateChain, privateKey, null, Duration.ofSeconds(10));
    }

    /** A PKCS#12 key store ({@code .p12}, {@code .pfx}) and its password. */
    public static ServerTls pkcs12(Path keyStore, String password) {
        requireNonNull(keyStore, "keyStore");
        requireNonNull(password, "password");
        return new ServerTls(Source.PKCS12, keyStore, null, password, Duration.ofSeconds(10));
    }

    /** A self-signed certificate for {@code localhost}, made at start. Clients will not trust it. */
    public static ServerTls selfSigned() {
        return new ServerTls(Source.SELF_SIGNED, null, null, null, Duration.ZERO);
    }

    /** The password of an encrypted PEM private key. */
    public ServerTls withKeyPassword(String password) {
        requireNonNull(password, "password");
        checkArgument(source == Source.PEM, "keyPassword: only a PEM private key has one (this is %s)", source);
        return new ServerTls(source, certificateChain, privateKey, password, reloadCheckInterval);
    }

    /** How often the files are checked for a change; {@link Duration#ZERO} never. */
    public ServerTls withReloadCheckInterval(Duration interval) {
        requireNonNull(interval, "interval");
        checkArgument(!interval.isNegative(), "reloadCheckInterval: %s (expected: >= 0)", interval);
        return new ServerTls(source, certificateChain, privateKey, password, interval);
    }

    public Source source() {
        return source;
    }

    /** The PEM chain or the PKCS#12 key store; empty when self-signed. */
    public Optional<Path> certificateFile() {
        return Optional.ofNullable(certificateChain);
    }

    /** The PEM private key; empty otherwise. */
    public Optional<Path> privateKeyFile() {
        return Optional.ofNullable(privateKey);
    }

    /** The key store's or the PEM key's password. */
    public Optional<String> password() {
        return Optional.ofNullable(password);
    }

    public Duration reloadCheckInterval() {
        return reloadCheckInterval;
    }

    @Override
    public String toString() {
        return switch (source) {
            case PEM -> "PEM " + certificateChain + " + " + privateKey;
            case PKCS12 -> "PKCS#12 " + certificateChain;
            case SELF_SIGNED -> "self-signed for localhost";
        };
    }
}
