package dev.multiserver.balancer.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.multiserver.testkit.TestCertificateAuthority;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading a CA bundle: what is trusted, and every way a file can be wrong, named. */
class BackendTlsTest {

    @TempDir
    Path dir;

    @Test
    void theDefaultsTrustTheJvmsTrustStore() {
        assertThat(BackendTls.defaults().caBundle()).isEmpty();
        assertThat(BackendTls.defaults().trustedCertificates()).isEmpty();
        assertThat(BackendTls.defaults()).hasToString("the JVM's default trust store");
    }

    @Test
    void readsEveryCertificateOfABundleWithTextBetweenThem() throws Exception {
        TestCertificateAuthority first = TestCertificateAuthority.create("first");
        TestCertificateAuthority second = TestCertificateAuthority.create("second");
        Path bundle = dir.resolve("bundle.pem");
        String text = "# first\n" + Files.readString(first.writeCertificate(dir.resolve("1.pem")))
                + "\nsecond CA, as operating systems' bundles have comments:\n"
                + Files.readString(second.writeCertificate(dir.resolve("2.pem")));
        Files.writeString(bundle, text);

        BackendTls tls = BackendTls.trusting(bundle);

        assertThat(tls.trustedCertificates()).containsExactly(first.certificate(), second.certificate());
        assertThat(tls.caBundle()).hasValue(bundle);
        assertThat(tls).hasToString("CA bundle " + bundle + " (2 certificate(s))");
    }

    @Test
    void aMissingFileIsNamed() {
        Path missing = dir.resolve("missing.pem");

        assertThatThrownBy(() -> BackendTls.trusting(missing)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("CA bundle " + missing + ": no such file");
        assertThatThrownBy(() -> BackendTls.trusting(dir)).hasMessage("CA bundle " + dir + ": not a regular file");
    }

    @Test
    void aFileWithoutACertificateIsRefused() throws Exception {
        Path empty = Files.writeString(dir.resolve("empty.pem"), "");
        Path der = Files.write(dir.resolve("ca.der"), TestCertificateAuthority.create("der").certificate().getEncoded());

        assertThatThrownBy(() -> BackendTls.trusting(empty)).hasMessage("CA bundle " + empty
                + ": no certificate in it (expected: PEM, -----BEGIN CERTIFICATE----- blocks)");
        assertThatThrownBy(() -> BackendTls.trusting(der)).hasMessageStartingWith("CA bundle " + der
                + ": no certificate in it");
    }

    @Test
    void aKeyGivenByMistakeIsRefusedRatherThanSkipped() throws Exception {
        TestCertificateAuthority ca = TestCertificateAuthority.create("ca");
        Path mixed = dir.resolve("mixed.pem");
        ca.writeCertificate(mixed);
        try (Writer out = Files.newBufferedWriter(mixed, StandardOpenOption.APPEND);
                PemWriter pem = new PemWriter(out)) {
            pem.writeObject(new PemObject("PRIVATE KEY", ca.issue("localhost").key().getEncoded()));
        }

        assertThatThrownBy(() -> BackendTls.trusting(mixed)).hasMessage("CA bundle " + mixed
                + ": block 2 is PRIVATE KEY (expected: CERTIFICATE blocks only)");
    }

    @Test
    void aDamagedCertificateIsNamedByItsPlace() throws Exception {
        Path damaged = Files.writeString(dir.resolve("damaged.pem"),
                "-----BEGIN CERTIFICATE-----\nTm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n");

        assertThatThrownBy(() -> BackendTls.trusting(damaged))
                .hasMessageStartingWith("CA bundle " + damaged + ": certificate 1 cannot be read: ");
    }
}
