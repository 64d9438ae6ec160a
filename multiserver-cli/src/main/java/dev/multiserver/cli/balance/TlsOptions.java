package dev.multiserver.cli.balance;

import dev.multiserver.balancer.tls.ServerTls.Source;
import dev.multiserver.cli.config.DurationConverter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import picocli.CommandLine.Option;

/**
 * {@code balance}'s flags for TLS: toward clients the certificate, its reloading and the plain-HTTP redirect;
 * toward {@code https://} backends the CAs trusted.
 */
final class TlsOptions {

    @Option(names = "--tls-cert", paramLabel = "FILE",
            description = "Serve HTTPS with this PEM certificate chain (the server's certificate first); needs "
                    + "--tls-key. Default: none (plain HTTP).")
    private Path certificate;

    @Option(names = "--tls-key", paramLabel = "FILE",
            description = "The PEM private key of --tls-cert (PKCS#8 or PKCS#1). Default: none.")
    private Path key;

    @Option(names = "--tls-key-password-env", paramLabel = "VARIABLE",
            description = "Read the password of an encrypted --tls-key from this environment variable (there is no "
                    + "flag for the password itself: other users can see flags in ps). Default: none (the key is not "
                    + "encrypted).")
    private String keyPasswordVariable;

    @Option(names = "--tls-keystore", paramLabel = "FILE",
            description = "Serve HTTPS with the key and certificate chain in this PKCS#12 key store (.p12, .pfx). "
                    + "Default: none.")
    private Path keyStore;

    @Option(names = "--tls-keystore-password-env", paramLabel = "VARIABLE",
            description = "Read the key store's password from this environment variable. Default: none (an empty "
                    + "password).")
    private String keyStorePasswordVariable;

    @Option(names = "--self-signed",
            description = "Serve HTTPS with a certificate for localhost made at start, which clients will not "
                    + "trust: for trying things out. Default: off.")
    private Boolean selfSigned;

    @Option(names = "--tls-reload-interval", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "How often the certificate files are checked for a change; a renewed certificate is used "
                    + "for new connections without a restart (SIGHUP reloads it at once). 0s: only on SIGHUP. "
                    + "Default: 10s.")
    private Duration reloadInterval;

    @Option(names = "--redirect-http", paramLabel = "PORT",
            description = "Also listen on PORT for plain HTTP and answer every request with 308 to the same URL on "
                    + "https (needs a certificate); 0 picks a free port. Default: none.")
    private Integer redirectHttpPort;

    @Option(names = "--backend-ca", paramLabel = "FILE",
            description = "Verify https:// backends against the CA certificates in this PEM file instead of the "
                    + "JVM's default trust store. Default: the JVM's default trust store.")
    private Path backendCa;

    /** The flags over the config file's: a certificate of another kind than the file's replaces it. */
    void applyTo(TlsSettings tls, BackendTlsSettings backendTls, Flags flags) {
        flags.part("--backend-ca", backendCa, backendTls::caBundle);
        Set<Source> given = EnumSet.noneOf(Source.class);
        if (certificate != null || key != null || keyPasswordVariable != null) {
            given.add(Source.PEM);
        }
        if (keyStore != null || keyStorePasswordVariable != null) {
            given.add(Source.PKCS12);
        }
        if (selfSigned != null) {
            given.add(Source.SELF_SIGNED);
        }
        if (!given.isEmpty()) {
            tls.keepOnlySources(given);
        }
        flags.part("--tls-cert", certificate, tls::certificate);
        flags.part("--tls-key", key, tls::key);
        flags.part("--tls-key-password-env", keyPasswordVariable, tls::keyPasswordVariable);
        flags.part("--tls-keystore", keyStore, tls::keyStore);
        flags.part("--tls-keystore-password-env", keyStorePasswordVariable, tls::keyStorePasswordVariable);
        flags.part("--self-signed", selfSigned, tls::selfSigned);
        flags.part("--tls-reload-interval", reloadInterval, tls::reloadInterval);
        flags.part("--redirect-http", redirectHttpPort, tls::redirectHttpPort);
    }
}
