package dev.multiserver.cli.balance;

import dev.multiserver.balancer.LoadBalancerBuilder;
import dev.multiserver.balancer.tls.ServerTls;
import dev.multiserver.balancer.tls.ServerTls.Source;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * TLS toward clients as {@code --tls-*}, {@code --self-signed}, {@code --redirect-http} and {@code tls:}
 * give it, part by part. A certificate source — a PEM chain and key, a PKCS#12 key store, or a
 * self-signed certificate — turns it on, and there must be exactly one. Passwords are never settings:
 * a setting names the environment variable that holds one, read when the settings are put together.
 */
final class TlsSettings {

    private static final String SOURCES = "--tls-cert and --tls-key, --tls-keystore or --self-signed, or the same "
            + "under tls: in the config";

    private final Function<String, String> environment;
    private Given<Path> certificate;
    private Given<Path> key;
    private Given<String> keyPasswordVariable;
    private Given<Path> keyStore;
    private Given<String> keyStorePasswordVariable;
    private Given<Boolean> selfSigned;
    private Given<Duration> reloadInterval;
    private Given<Integer> redirectHttpPort;

    TlsSettings(Function<String, String> environment) {
        this.environment = environment;
    }

    void certificate(Path value, Origin origin) {
        certificate = new Given<>(value, origin);
    }

    void key(Path value, Origin origin) {
        key = new Given<>(value, origin);
    }

    void keyPasswordVariable(String value, Origin origin) {
        keyPasswordVariable = new Given<>(value, origin);
    }

    void keyStore(Path value, Origin origin) {
        keyStore = new Given<>(value, origin);
    }

    void keyStorePasswordVariable(String value, Origin origin) {
        keyStorePasswordVariable = new Given<>(value, origin);
    }

    /** {@code selfSigned: false} is the same as leaving it out. */
    void selfSigned(boolean value, Origin origin) {
        selfSigned = value ? new Given<>(true, origin) : null;
    }

    void reloadInterval(Duration value, Origin origin) {
        reloadInterval = new Given<>(value, origin);
    }

    void redirectHttpPort(int value, Origin origin) {
        redirectHttpPort = new Given<>(value, origin);
    }

    /**
     * Drops the parts of every certificate source but {@code kept}: a later source (the flags) that gives
     * a certificate of another kind replaces the earlier one's (the file's) rather than conflicting
     * with it, while one of the same kind overrides it part by part.
     */
    void keepOnlySources(Set<Source> kept) {
        if (!kept.contains(Source.PEM)) {
            certificate = null;
            key = null;
            keyPasswordVariable = null;
        }
        if (!kept.contains(Source.PKCS12)) {
            keyStore = null;
            keyStorePasswordVariable = null;
        }
        if (!kept.contains(Source.SELF_SIGNED)) {
            selfSigned = null;
        }
    }

    /** Sets the builder's TLS and redirect listener, unless no certificate was given; returns the TLS set. */
    Optional<ServerTls> applyTo(LoadBalancerBuilder builder) {
        Optional<ServerTls> tls = resolve();
        tls.ifPresent(builder::tls);
        if (redirectHttpPort != null) {
            redirectHttpPort.origin().accept(redirectHttpPort.value(), builder::redirectHttpFrom);
        }
        return tls;
    }

    private Optional<ServerTls> resolve() {
        List<Given<?>> sources = Stream.of(first(certificate, key, keyPasswordVariable),
                first(keyStore, keyStorePasswordVariable), selfSigned).filter(Objects::nonNull).toList();
        if (sources.size() > 1) {
            throw sources.get(1).origin().problem("cannot be combined with " + sources.get(0).origin().name()
                    + " (one certificate source: " + SOURCES + ")");
        }
        if (sources.isEmpty()) {
            Given<?> tuning = first(reloadInterval, redirectHttpPort);
            if (tuning != null) {
                throw tuning.origin().problem("needs a TLS certificate (" + SOURCES + ")");
            }
            return Optional.empty();
        }
        ServerTls tls = certificate != null || key != null || keyPasswordVariable != null ? pem()
                : keyStore != null || keyStorePasswordVariable != null ? pkcs12() : ServerTls.selfSigned();
        if (reloadInterval != null) {
            if (selfSigned != null) {
                throw reloadInterval.origin().problem("has no effect with a self-signed certificate (it has no "
                        + "files to reload)");
            }
            tls = reloadInterval.apply(tls::withReloadCheckInterval);
        }
        return Optional.of(tls);
    }

    private ServerTls pem() {
        if (certificate == null) {
            throw first(key, keyPasswordVariable).origin().problem("needs a certificate chain (--tls-cert, or "
                    + "certificate: under tls: in the config)");
        }
        if (key == null) {
            throw certificate.origin().problem("needs its private key (--tls-key, or key: under tls: in the config)");
        }
        ServerTls tls = ServerTls.pem(certificate.value(), key.value());
        return keyPasswordVariable == null ? tls : tls.withKeyPassword(password(keyPasswordVariable));
    }

    private ServerTls pkcs12() {
        if (keyStore == null) {
            throw keyStorePasswordVariable.origin().problem("needs a key store (--tls-keystore, or keystore: under "
                    + "tls: in the config)");
        }
        String password = keyStorePasswordVariable == null ? "" : password(keyStorePasswordVariable);
        return ServerTls.pkcs12(keyStore.value(), password);
    }

    /** The value of the environment variable {@code variable} names; set, or it is a usage error naming the setting. */
    private String password(Given<String> variable) {
        String name = variable.value();
        if (name.isBlank() || name.indexOf('=') >= 0) {
            throw variable.origin().invalid("'" + name + "' (expected: the name of an environment variable)");
        }
        String value = environment.apply(name);
        if (value == null || value.isEmpty()) {
            throw variable.origin().problem("environment variable " + name + " is "
                    + (value == null ? "not set" : "empty"));
        }
        return value;
    }

    /** How --check describes {@code tls}: the certificate, then the redirect listener. Never a password. */
    List<String> describe(Optional<ServerTls> tls) {
        if (tls.isEmpty()) {
            return List.of("tls: off (plain HTTP)");
        }
        ServerTls t = tls.get();
        String reload = t.reloadCheckInterval().isZero() ? ", reloaded on SIGHUP"
                : ", reloaded on SIGHUP or when its files change (checked every " + t.reloadCheckInterval().toMillis()
                        + " ms)";
        String certificate = switch (t.source()) {
            case PEM -> "PEM certificate chain " + t.certificateFile().orElseThrow() + ", key "
                    + t.privateKeyFile().orElseThrow() + (keyPasswordVariable == null ? ""
                            : ", key password from " + keyPasswordVariable.value()) + reload;
            case PKCS12 -> "PKCS#12 key store " + t.certificateFile().orElseThrow() + (keyStorePasswordVariable == null
                    ? ", no password" : ", password from " + keyStorePasswordVariable.value()) + reload;
            case SELF_SIGNED -> "a self-signed certificate for localhost, made at start (clients will not trust it)";
        };
        String redirect = redirectHttpPort == null ? "off" : "port " + redirectHttpPort.value()
                + (redirectHttpPort.value() == 0 ? " (a free port)" : "") + " to https";
        return List.of("tls: " + certificate, "http redirect: " + redirect);
    }

    private static Given<?> first(Given<?>... parts) {
        return Stream.of(parts).filter(Objects::nonNull).findFirst().orElse(null);
    }
}
