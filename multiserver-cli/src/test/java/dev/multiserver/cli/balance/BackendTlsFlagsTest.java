package dev.multiserver.cli.balance;

import static dev.multiserver.cli.balance.Checks.errorWithBackend;
import static dev.multiserver.cli.balance.Checks.valid;
import static dev.multiserver.cli.balance.Checks.validWithBackend;
import static org.assertj.core.api.Assertions.assertThat;

import dev.multiserver.testkit.TestCertificateAuthority;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The trust for https:// backends from --backend-ca and backendTls:, as --check reports it. */
class BackendTlsFlagsTest {

    private static final String DEFAULT_TRUST =
            "  backend tls: https backends verified against the JVM's default trust store";

    @TempDir
    Path dir;

    @Test
    void byDefaultHttpsBackendsAreVerifiedAgainstTheJvmsTrustStore() {
        assertThat(valid("--backend", "https://app.internal:8443")).contains(DEFAULT_TRUST)
                .first().asString().endsWith("1 backend(s): https://app.internal:8443");
    }

    @Test
    void aCaBundleReplacesTheJvmsTrustStore() {
        Path ca = caBundle("ca.pem");

        assertThat(validWithBackend("--backend-ca", ca.toString())).contains("  backend tls: https backends verified "
                + "against CA bundle " + ca + " (1 certificate(s)) instead of the JVM's trust store");
    }

    @Test
    void aMissingCaBundleIsAUsageErrorNamingTheFlagAndTheFile() {
        Path missing = dir.resolve("missing-ca.pem");

        assertThat(errorWithBackend("--backend-ca", missing.toString()))
                .isEqualTo("Invalid value for option '--backend-ca': CA bundle " + missing + ": no such file");
    }

    @Test
    void aCaBundleWithoutCertificatesIsAUsageErrorNamingTheFlagAndTheFile() throws IOException {
        Path notPem = Files.writeString(dir.resolve("ca"), "just text\n");

        assertThat(errorWithBackend("--backend-ca", notPem.toString()))
                .isEqualTo("Invalid value for option '--backend-ca': CA bundle " + notPem + ": no certificate in it "
                        + "(expected: PEM, -----BEGIN CERTIFICATE----- blocks)");
    }

    @Test
    void theConfigFileNamesItsBundleUnderBackendTls() throws IOException {
        Path ca = caBundle("ca.pem");
        Path config = write("backends: [https://app.internal:8443]\nbackendTls:\n  caBundle: " + ca + "\n");

        assertThat(valid("--config", config.toString())).contains("  backend tls: https backends verified against "
                + "CA bundle " + ca + " (1 certificate(s)) instead of the JVM's trust store");
    }

    @Test
    void theFlagReplacesTheFilesBundleWhichIsThenNotRead() throws IOException {
        Path ca = caBundle("ca.pem");
        Path config = write("backends: [https://app.internal:8443]\nbackendTls: {caBundle: /nowhere/ca.pem}\n");

        assertThat(valid("--config", config.toString(), "--backend-ca", ca.toString()))
                .contains("  backend tls: https backends verified against CA bundle " + ca
                        + " (1 certificate(s)) instead of the JVM's trust store");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            backendTls: {caBundle: /nowhere/ca.pem}  | backendTls.caBundle: CA bundle /nowhere/ca.pem: no such file
            backendTls: {ca: /etc/ca.pem}            | backendTls: unknown key 'ca' (known keys: caBundle)
            backendTls: /etc/ca.pem                  | backendTls: expected a mapping with caBundle; found '/etc/ca.pem'
            backendTls: {caBundle: 5}                | backendTls.caBundle: 5 is not a string
            """)
    void aWrongValueInTheFileNamesTheFileAndTheKey(String yaml, String message) throws IOException {
        Path config = write(yaml + "\n");

        assertThat(errorWithBackend("--config", config.toString())).isEqualTo(config + ": " + message);
    }

    private Path caBundle(String name) {
        return TestCertificateAuthority.create("test CA").writeCertificate(dir.resolve(name));
    }

    private Path write(String yaml) throws IOException {
        return Files.writeString(dir.resolve("lb.yaml"), yaml);
    }
}
