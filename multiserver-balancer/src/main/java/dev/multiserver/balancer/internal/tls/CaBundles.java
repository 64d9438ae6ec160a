package dev.multiserver.balancer.internal.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemReader;

/**
 * Reads a PEM CA bundle: {@code CERTIFICATE} blocks, with any text between them (as in the bundles
 * operating systems ship). Anything else in a block is refused rather than skipped, so that a key file
 * given by mistake is noticed.
 */
public final class CaBundles {

    private CaBundles() {
    }

    /** @throws TlsConfigException naming the file and what is wrong with it */
    public static List<X509Certificate> read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw invalid(file, Files.exists(file) ? "not a regular file" : "no such file");
        }
        if (!Files.isReadable(file)) {
            throw invalid(file, "not readable");
        }
        List<X509Certificate> certificates = new ArrayList<>();
        // Latin-1 maps every byte to a character: a binary (DER) file reads as text without a PEM block.
        try (PemReader pem = new PemReader(Files.newBufferedReader(file, StandardCharsets.ISO_8859_1))) {
            CertificateFactory x509 = CertificateFactory.getInstance("X.509");
            for (PemObject block = pem.readPemObject(); block != null; block = pem.readPemObject()) {
                if (!"CERTIFICATE".equals(block.getType())) {
                    throw invalid(file, "block " + (certificates.size() + 1) + " is " + block.getType()
                            + " (expected: CERTIFICATE blocks only)");
                }
                certificates.add((X509Certificate) x509.generateCertificate(
                        new ByteArrayInputStream(block.getContent())));
            }
        } catch (IOException | CertificateException | RuntimeException e) {
            if (e instanceof TlsConfigException known) {
                throw known;
            }
            throw new TlsConfigException("CA bundle " + file + ": certificate " + (certificates.size() + 1)
                    + " cannot be read: " + message(e), e);
        }
        if (certificates.isEmpty()) {
            throw invalid(file, "no certificate in it (expected: PEM, -----BEGIN CERTIFICATE----- blocks)");
        }
        return List.copyOf(certificates);
    }

    private static TlsConfigException invalid(Path file, String problem) {
        return new TlsConfigException("CA bundle " + file + ": " + problem);
    }

    private static String message(Throwable e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
