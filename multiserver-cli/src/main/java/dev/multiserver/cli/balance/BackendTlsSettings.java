package dev.multiserver.cli.balance;

import dev.multiserver.balancer.LoadBalancerBuilder;
import dev.multiserver.balancer.tls.BackendTls;
import java.nio.file.Path;

/**
 * What {@code https://} backends are trusted with, as {@code --backend-ca} and {@code backendTls:} give it:
 * the JVM's default trust store, or a PEM CA bundle instead of it. The bundle is read when the settings are
 * put together, so a flag that replaces the file's bundle spares reading the file's.
 */
final class BackendTlsSettings {

    private Given<Path> caBundle;

    void caBundle(Path value, Origin origin) {
        caBundle = new Given<>(value, origin);
    }

    /** Sets the builder's backend trust; returns how --check describes it. */
    String applyTo(LoadBalancerBuilder builder) {
        if (caBundle == null) {
            return "backend tls: https backends verified against the JVM's default trust store";
        }
        BackendTls tls;
        try {
            tls = BackendTls.trusting(caBundle.value());
        } catch (IllegalArgumentException e) {
            // The message names the file, and must keep it whole: not through ValueErrors.
            throw caBundle.origin().invalid(e.getMessage());
        }
        builder.backendTls(tls);
        return "backend tls: https backends verified against " + tls + " instead of the JVM's trust store";
    }
}
