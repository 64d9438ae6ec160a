package dev.multiserver.balancer.internal.tls;

import dev.multiserver.balancer.tls.ServerTls;
import io.netty.handler.codec.http2.Http2SecurityUtil;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;
import io.netty.handler.ssl.util.SelfSignedCertificate;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the server-side {@link SslContext} of a {@link ServerTls}: TLS 1.3 and 1.2 only, the modern
 * cipher suites Netty lists for HTTP/2 (forward secrecy, AEAD), ALPN offering the given protocols.
 */
final class ServerSslContexts {

    private static final Logger log = LoggerFactory.getLogger(ServerSslContexts.class);
    static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    private ServerSslContexts() {
    }

    /**
     * @param applicationProtocols the ALPN protocols in the server's order of preference; a client that
     *     offers none of them gets no ALPN answer and speaks HTTP/1.1
     * @throws TlsConfigException naming the file and what is wrong with it
     */
    static SslContext build(ServerTls tls, List<String> applicationProtocols) {
        SslContextBuilder builder = switch (tls.source()) {
            case PEM -> pem(tls);
            case PKCS12 -> pkcs12(tls);
            case SELF_SIGNED -> selfSigned();
        };
        try {
            return builder.sslProvider(SslProvider.JDK)
                    .protocols(PROTOCOLS)
                    .ciphers(Http2SecurityUtil.CIPHERS, SupportedCipherSuiteFilter.INSTANCE)
                    .applicationProtocolConfig(new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
                            ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                            ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
                            applicationProtocols))
                    .build();
        } catch (IOException | RuntimeException e) {
            throw new TlsConfigException("TLS " + tls + ": " + rootMessage(e), e);
        }
    }

    private static SslContextBuilder pem(ServerTls tls) {
        var chain = tls.certificateFile().orElseThrow();
        var key = tls.privateKeyFile().orElseThrow();
        requireReadable(chain, "certificate chain");
        requireReadable(key, "private key");
        try {
            return SslContextBuilder.forServer(chain.toFile(), key.toFile(), tls.password().orElse(null));
        } catch (IllegalArgumentException e) {
            throw new TlsConfigException("TLS certificate " + chain + " / key " + key + ": " + rootMessage(e), e);
        }
    }

    private static SslContextBuilder pkcs12(ServerTls tls) {
        var file = tls.certificateFile().orElseThrow();
        requireReadable(file, "PKCS#12 key store");
        char[] password = tls.password().orElseThrow().toCharArray();
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password);
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, password);
            return SslContextBuilder.forServer(keys);
        } catch (IOException | GeneralSecurityException e) {
            throw new TlsConfigException("TLS key store " + file + ": " + rootMessage(e), e);
        }
    }

    private static SslContextBuilder selfSigned() {
        try {
            SelfSignedCertificate certificate = new SelfSignedCertificate("localhost", "EC", 256);
            // Netty writes the pair to temporary files; the key must not outlive this method on disk
            certificate.delete();
            log.warn("TLS: serving a SELF-SIGNED certificate for localhost (SHA-256 {}); for local use only, "
                    + "clients will not trust it", fingerprint(certificate.cert()));
            return SslContextBuilder.forServer(certificate.key(), certificate.cert());
        } catch (CertificateException e) {
            throw new TlsConfigException("TLS: cannot make a self-signed certificate: " + rootMessage(e), e);
        }
    }

    private static void requireReadable(java.nio.file.Path file, String what) {
        if (!Files.isRegularFile(file)) {
            throw new TlsConfigException("TLS " + what + " " + file + ": "
                    + (Files.exists(file) ? "not a regular file" : "no such file"));
        }
        if (!Files.isReadable(file)) {
            throw new TlsConfigException("TLS " + what + " " + file + ": not readable");
        }
    }

    static String fingerprint(X509Certificate certificate) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
            return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
        } catch (GeneralSecurityException e) {
            return "unknown";
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        return cause == e ? message : e.getMessage() + " (" + message + ")";
    }
}
