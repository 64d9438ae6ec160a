package dev.multiserver.cli.balance;

import static dev.multiserver.cli.balance.Checks.BACKEND;
import static dev.multiserver.cli.balance.Checks.HINT;
import static dev.multiserver.cli.balance.Checks.errorWithBackend;
import static dev.multiserver.cli.balance.Checks.valid;
import static dev.multiserver.cli.balance.Checks.validWithBackend;
import static org.assertj.core.api.Assertions.assertThat;

import dev.multiserver.cli.Cli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** TLS toward clients from flags, the environment and YAML, as --check reports it. */
class TlsFlagsTest {

    private static final String SOURCES = "(one certificate source: --tls-cert and --tls-key, --tls-keystore or "
            + "--self-signed, or the same under tls: in the config)";
    private static final String NEEDS_CERTIFICATE = "needs a TLS certificate (--tls-cert and --tls-key, --tls-keystore "
            + "or --self-signed, or the same under tls: in the config)";
    private static final String PASSWORD = "correct-horse-battery";
    private static final String EVERY_10_S = ", reloaded on SIGHUP or when its files change (checked every 10000 ms)";
    private static final String SELF_SIGNED = "  tls: a self-signed certificate for localhost, made at start (clients "
            + "will not trust it)";

    @TempDir
    Path dir;
    private int files;

    @Test
    void byDefaultTheBalancerServesPlainHttp() {
        assertThat(validWithBackend()).contains("  tls: off (plain HTTP)")
                .noneMatch(line -> line.contains("http redirect"));
    }

    @Test
    void pemFilesTurnHttpsOnAndAreCheckedForChangesEvery10Seconds() {
        assertThat(validWithBackend("--tls-cert", "/etc/tls/chain.pem", "--tls-key", "/etc/tls/key.pem")).containsSubsequence(
                "  tls: PEM certificate chain /etc/tls/chain.pem, key /etc/tls/key.pem" + EVERY_10_S,
                "  http redirect: off");
    }

    @Test
    void theKeyPasswordIsReadFromTheNamedVariableAndNeverPrinted() {
        Cli.Result result = Checks.run(Map.of("TLS_KEY_PASSWORD", PASSWORD), "--backend", BACKEND, "--tls-cert",
                "chain.pem", "--tls-key", "key.pem", "--tls-key-password-env", "TLS_KEY_PASSWORD");

        assertThat(result.status()).isZero();
        assertThat(result.out().lines()).contains("  tls: PEM certificate chain chain.pem, key key.pem, key password "
                + "from TLS_KEY_PASSWORD" + EVERY_10_S);
        assertThat(result.out() + result.err()).doesNotContain(PASSWORD);
    }

    @Test
    void aKeyStoreTakesItsPasswordFromTheNamedVariable() {
        Cli.Result result = Checks.run(Map.of("P12_PASSWORD", PASSWORD), "--backend", BACKEND, "--tls-keystore",
                "server.p12", "--tls-keystore-password-env", "P12_PASSWORD", "--tls-reload-interval", "0s");

        assertThat(result.status()).isZero();
        assertThat(result.out().lines()).contains("  tls: PKCS#12 key store server.p12, password from P12_PASSWORD, "
                + "reloaded on SIGHUP");
        assertThat(result.out() + result.err()).doesNotContain(PASSWORD);
    }

    @Test
    void aKeyStoreWithoutAPasswordVariableHasAnEmptyPassword() {
        assertThat(validWithBackend("--tls-keystore", "server.p12"))
                .contains("  tls: PKCS#12 key store server.p12, no password" + EVERY_10_S);
    }

    @Test
    void selfSignedWithARedirectListener() {
        assertThat(validWithBackend("--self-signed", "--redirect-http", "8080"))
                .containsSubsequence(SELF_SIGNED, "  http redirect: port 8080 to https");
        assertThat(validWithBackend("--self-signed", "--redirect-http", "0"))
                .containsSubsequence(SELF_SIGNED, "  http redirect: port 0 (a free port) to https");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            --tls-cert=a.pem --tls-key=b.pem --self-signed          | --self-signed: cannot be combined with --tls-cert
            --tls-keystore=s.p12 --self-signed                      | --self-signed: cannot be combined with --tls-keystore
            --tls-cert=a.pem --tls-key=b.pem --tls-keystore=s.p12   | --tls-keystore: cannot be combined with --tls-cert
            --tls-key-password-env=P --tls-keystore=s.p12           | --tls-keystore: cannot be combined with --tls-key-password-env
            """)
    void twoCertificateSourcesAreAnErrorNamingBoth(String flags, String message) {
        assertThat(errorWithBackend(flags.split(" "))).isEqualTo(message + " " + SOURCES);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            --tls-cert=a.pem                                   | --tls-cert: needs its private key (--tls-key, or key: under tls: in the config)
            --tls-key=b.pem                                    | --tls-key: needs a certificate chain (--tls-cert, or certificate: under tls: in the config)
            --tls-key-password-env=P                           | --tls-key-password-env: needs a certificate chain (--tls-cert, or certificate: under tls: in the config)
            --tls-keystore-password-env=P                      | --tls-keystore-password-env: needs a key store (--tls-keystore, or keystore: under tls: in the config)
            --self-signed --tls-reload-interval=1m             | --tls-reload-interval: has no effect with a self-signed certificate (it has no files to reload)
            --tls-keystore=s.p12 --tls-keystore-password-env=P | --tls-keystore-password-env: environment variable P is not set
            --tls-keystore=s.p12 --tls-keystore-password-env=  | Invalid value for option '--tls-keystore-password-env': '' (expected: the name of an environment variable)
            --tls-keystore=s.p12 --tls-keystore-password-env=A=B | Invalid value for option '--tls-keystore-password-env': 'A=B' (expected: the name of an environment variable)
            --self-signed --redirect-http=70000                | Invalid value for option '--redirect-http': 70000 (expected: 0-65535)
            --tls-cert=a.pem --tls-key=b.pem --tls-reload-interval=-1s | Invalid value for option '--tls-reload-interval': '-1s' is negative
            """)
    void anIncompleteOrWrongTlsSettingNamesTheFlag(String flags, String message) {
        assertThat(errorWithBackend(flags.split(" "))).startsWith(message);
    }

    @ParameterizedTest
    @ValueSource(strings = {"--redirect-http=8080", "--tls-reload-interval=1m"})
    void tuningTlsWithoutACertificateIsAnErrorNamingTheFlag(String flag) {
        assertThat(errorWithBackend(flag)).isEqualTo(flag.substring(0, flag.indexOf('=')) + ": " + NEEDS_CERTIFICATE);
    }

    @Test
    void anEmptyPasswordVariableIsAnErrorNamingItButNotItsValue() {
        Cli.Result result = Checks.run(Map.of("TLS_KEY_PASSWORD", ""), "--backend", BACKEND, "--tls-cert", "a.pem",
                "--tls-key", "b.pem", "--tls-key-password-env", "TLS_KEY_PASSWORD");

        assertThat(result.status()).isEqualTo(2);
        assertThat(result.errLines()).containsExactly("--tls-key-password-env: environment variable TLS_KEY_PASSWORD "
                + "is empty", HINT);
    }

    @Test
    void theYamlKeysSetTheSameAsTheFlags() throws IOException {
        Path config = write("""
                backends: [http://127.0.0.1:9001]
                tls:
                  certificate: /etc/tls/chain.pem
                  key: /etc/tls/key.pem
                  keyPasswordEnv: TLS_KEY_PASSWORD
                  reloadInterval: 1m
                  redirectHttp: 80
                """);

        Cli.Result result = Checks.run(Map.of("TLS_KEY_PASSWORD", PASSWORD), "--config", config.toString());

        assertThat(result.status()).isZero();
        assertThat(result.out().lines()).containsSubsequence("  tls: PEM certificate chain /etc/tls/chain.pem, key "
                + "/etc/tls/key.pem, key password from TLS_KEY_PASSWORD, reloaded on SIGHUP or when its files change "
                + "(checked every 60000 ms)", "  http redirect: port 80 to https");
    }

    @Test
    void theYamlKeysOfAKeyStoreAndOfSelfSigned() throws IOException {
        Path keyStore = write("backends: [http://127.0.0.1:9001]\ntls: {keystore: s.p12, keystorePasswordEnv: P}\n");
        Path selfSigned = write("backends: [http://127.0.0.1:9001]\ntls: {selfSigned: true}\n");
        Path notSelfSigned = write("backends: [http://127.0.0.1:9001]\ntls: {selfSigned: false}\n");

        assertThat(Checks.run(Map.of("P", PASSWORD), "--config", keyStore.toString()).out().lines())
                .contains("  tls: PKCS#12 key store s.p12, password from P" + EVERY_10_S);
        assertThat(valid("--config", selfSigned.toString())).contains(SELF_SIGNED);
        assertThat(valid("--config", notSelfSigned.toString())).contains("  tls: off (plain HTTP)");
    }

    @Test
    void aCertificateFlagOfAnotherKindReplacesTheFilesCertificate() throws IOException {
        Path config = write("backends: [http://127.0.0.1:9001]\n"
                + "tls: {certificate: a.pem, key: b.pem, keyPasswordEnv: P, redirectHttp: 80}\n");

        assertThat(valid("--config", config.toString(), "--self-signed"))
                .containsSubsequence(SELF_SIGNED, "  http redirect: port 80 to https");
        assertThat(valid("--config", config.toString(), "--tls-keystore", "s.p12"))
                .contains("  tls: PKCS#12 key store s.p12, no password" + EVERY_10_S);
    }

    @Test
    void aCertificateFlagOfTheSameKindOverridesOnePartOfTheFiles() throws IOException {
        Path config = write("backends: [http://127.0.0.1:9001]\n"
                + "tls: {certificate: a.pem, key: b.pem, keyPasswordEnv: P, redirectHttp: 80}\n");

        Cli.Result result = Checks.run(Map.of("P", PASSWORD), "--config", config.toString(), "--tls-key", "new.pem",
                "--redirect-http", "8080");

        assertThat(result.status()).isZero();
        assertThat(result.out().lines()).containsSubsequence("  tls: PEM certificate chain a.pem, key new.pem, key password from P"
                + EVERY_10_S, "  http redirect: port 8080 to https");
    }

    @Test
    void twoSourcesInTheFileAreAnErrorNamingBothKeys() throws IOException {
        Path config = write("backends: [http://127.0.0.1:9001]\ntls: {certificate: a.pem, key: b.pem, "
                + "selfSigned: true}\n");

        assertThat(Checks.error("--config", config.toString()))
                .isEqualTo(config + ": tls.selfSigned: cannot be combined with tls.certificate " + SOURCES);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            tls: true                                        | tls: expected a mapping with certificate, key, keyPasswordEnv, keystore, keystorePasswordEnv, selfSigned, reloadInterval, redirectHttp; found true
            tls:                                             | tls: has no value
            tls: {cert: a.pem}                               | tls: unknown key 'cert' (known keys: certificate, key,
            tls: {certificate: a.pem}                        | tls.certificate: needs its private key (--tls-key, or key: under tls: in the config)
            tls: {key: b.pem}                                | tls.key: needs a certificate chain (--tls-cert, or certificate: under tls: in the config)
            tls: {certificate: 5, key: b.pem}                | tls.certificate: 5 is not a string
            tls: {keystorePasswordEnv: P}                    | tls.keystorePasswordEnv: needs a key store (--tls-keystore, or keystore: under tls: in the config)
            tls: {keystore: s.p12, keystorePasswordEnv: P}   | tls.keystorePasswordEnv: environment variable P is not set
            tls: {selfSigned: 1}                             | tls.selfSigned: 1 is not true or false
            tls: {selfSigned: true, reloadInterval: 1m}      | tls.reloadInterval: has no effect with a self-signed certificate (it has no files to reload)
            tls: {selfSigned: true, redirectHttp: 70000}     | tls.redirectHttp: 70000 (expected: 0-65535)
            tls: {redirectHttp: 80}                          | tls.redirectHttp: needs a TLS certificate
            tls: {certificate: a.pem, key: b.pem, reloadInterval: 10} | tls.reloadInterval: '10' is not a duration
            """)
    void aWrongTlsValueNamesTheFileAndTheKey(String yaml, String message) throws IOException {
        Path config = write(yaml + "\n");

        assertThat(errorWithBackend("--config", config.toString())).startsWith(config + ": " + message);
    }

    @Test
    void aSettingInTheFileThatTheFlagsCompleteIsValid() throws IOException {
        Path config = write("backends: [http://127.0.0.1:9001]\ntls: {redirectHttp: 80}\n");

        assertThat(valid("--config", config.toString(), "--self-signed"))
                .containsSubsequence(SELF_SIGNED, "  http redirect: port 80 to https");
    }

    private Path write(String yaml) throws IOException {
        return Files.writeString(dir.resolve("lb" + files++ + ".yaml"), yaml);
    }
}
