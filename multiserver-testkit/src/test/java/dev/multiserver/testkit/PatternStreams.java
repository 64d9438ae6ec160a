package dev.multiserver.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/** The test backend's byte pattern as streams, for uploading it and checking what comes back. */
final class PatternStreams {

    private PatternStreams() {}

    /** {@code size} bytes where byte {@code i} is {@code (byte) (i % 251)}. */
    static InputStream of(long size) {
        return new InputStream() {
            private long position;

            @Override
            public int read() {
                return position < size ? PatternBody.byteAt(position++) & 0xff : -1;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) {
                if (position >= size) {
                    return -1;
                }
                int n = (int) Math.min(length, size - position);
                for (int i = 0; i < n; i++) {
                    buffer[offset + i] = PatternBody.byteAt(position++);
                }
                return n;
            }
        };
    }

    /** Reads {@code in} to the end, checking every byte against the pattern; returns how many bytes it read. */
    static long verify(InputStream in) throws IOException {
        PatternCheck check = new PatternCheck();
        byte[] buffer = new byte[64 * 1024];
        for (int n; (n = in.read(buffer)) > 0; ) {
            check.accept(n == buffer.length ? buffer : Arrays.copyOf(buffer, n));
        }
        return check.length();
    }

    static String sha256(InputStream in) throws IOException {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = in.read(buffer)) > 0; ) {
                sha256.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(sha256.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
