package dev.multiserver.testkit;

import static java.util.Objects.requireNonNull;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.util.NetUtil;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLException;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A certificate authority made for one test, in memory: it issues server certificates for the host names
 * a test chooses, so that a TLS client under test can be given the CA as the only one it trusts.
 *
 * <pre>{@code
 * TestCertificateAuthority ca = TestCertificateAuthority.create("test CA");
 * Path caPem = ca.writeCertificate(dir.resolve("ca.pem"));       // what the client is told to trust
 * try (TestBackend backend = TestBackend.startTls("b1", ca.serverContext("localhost"))) {
 *     // https://localhost:<backend.port()> presents a certificate for localhost signed by the CA
 * }
 * }</pre>
 *
 * <p>Keys are EC P-256; certificates are valid from an hour ago for a day. Host names that are IP
 * addresses go into the certificate as IP addresses, the others as DNS names.
 */
public final class TestCertificateAuthority {

    private static final Duration VALIDITY = Duration.ofDays(1);
    private static final AtomicLong serials = new AtomicLong(System.currentTimeMillis());

    private final X500Name name;
    private final KeyPair keys;
    private final X509Certificate certificate;

    private TestCertificateAuthority(X500Name name, KeyPair keys, X509Certificate certificate) {
        this.name = name;
        this.keys = keys;
        this.certificate = certificate;
    }

    /** A new self-signed CA whose certificate has {@code CN=<commonName>}. */
    public static TestCertificateAuthority create(String commonName) {
        requireNonNull(commonName, "commonName");
        X500Name name = new X500Name("CN=" + commonName);
        KeyPair keys = newKeyPair();
        try {
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = builder(name, name, keys)
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(Extension.subjectKeyIdentifier, false,
                            extensions.createSubjectKeyIdentifier(keys.getPublic()));
            return new TestCertificateAuthority(name, keys, sign(builder, keys.getPrivate()));
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot make the test CA " + commonName, e);
        }
    }

    /** The CA's own certificate: what a client must trust. */
    public X509Certificate certificate() {
        return certificate;
    }

    /** Writes the CA's certificate to {@code file} as PEM and returns the file. */
    public Path writeCertificate(Path file) {
        try (Writer out = Files.newBufferedWriter(file); JcaPEMWriter pem = new JcaPEMWriter(out)) {
            pem.writeObject(certificate);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the test CA's certificate to " + file, e);
        }
        return file;
    }

    /** A new key and a certificate for {@code hostNames} signed by this CA. */
    public Issued issue(String... hostNames) {
        if (hostNames.length == 0) {
            throw new IllegalArgumentException("hostNames: none (expected: at least one)");
        }
        KeyPair leafKeys = newKeyPair();
        GeneralName[] names = new GeneralName[hostNames.length];
        for (int i = 0; i < hostNames.length; i++) {
            boolean ip = NetUtil.isValidIpV4Address(hostNames[i]) || NetUtil.isValidIpV6Address(hostNames[i]);
            names[i] = new GeneralName(ip ? GeneralName.iPAddress : GeneralName.dNSName, hostNames[i]);
        }
        try {
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = builder(name, new X500Name("CN=" + hostNames[0]), leafKeys)
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                    .addExtension(Extension.extendedKeyUsage, false,
                            new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))
                    .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names))
                    .addExtension(Extension.authorityKeyIdentifier, false,
                            extensions.createAuthorityKeyIdentifier(certificate));
            return new Issued(leafKeys.getPrivate(), sign(builder, keys.getPrivate()), certificate);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot issue a test certificate for " + String.join(", ", hostNames), e);
        }
    }

    /** A server TLS context presenting a new certificate for {@code hostNames}, followed by this CA's. */
    public SslContext serverContext(String... hostNames) {
        return issue(hostNames).serverContext();
    }

    /** A certificate this CA issued, with its private key. */
    public record Issued(PrivateKey key, X509Certificate certificate, X509Certificate issuer) {

        /** A server TLS context presenting this certificate and its issuer's. */
        public SslContext serverContext() {
            try {
                return SslContextBuilder.forServer(key, certificate, issuer).build();
            } catch (SSLException e) {
                throw new IllegalStateException("cannot make a server TLS context of "
                        + certificate.getSubjectX500Principal(), e);
            }
        }

        /**
         * Writes this certificate followed by its issuer's to {@code certificateFile} and the private key (PKCS#8)
         * to {@code keyFile}, as PEM, for servers that read their TLS setup from files ({@code redis-server}).
         */
        public void writeTo(Path certificateFile, Path keyFile) {
            try (Writer out = Files.newBufferedWriter(certificateFile); JcaPEMWriter pem = new JcaPEMWriter(out)) {
                pem.writeObject(certificate);
                pem.writeObject(issuer);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write a certificate to " + certificateFile, e);
            }
            try (Writer out = Files.newBufferedWriter(keyFile); JcaPEMWriter pem = new JcaPEMWriter(out)) {
                pem.writeObject(new JcaPKCS8Generator(key, null));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write a private key to " + keyFile, e);
            }
        }
    }

    private static X509v3CertificateBuilder builder(X500Name issuer, X500Name subject, KeyPair keys) {
        Instant now = Instant.now();
        return new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(serials.incrementAndGet()),
                Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(VALIDITY)), subject, keys.getPublic());
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey issuerKey)
            throws GeneralSecurityException {
        try {
            return new JcaX509CertificateConverter()
                    .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey)));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException(e);
        }
    }

    private static KeyPair newKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot make an EC P-256 key pair", e);
        }
    }
}
