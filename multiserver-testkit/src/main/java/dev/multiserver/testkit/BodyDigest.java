package dev.multiserver.testkit;

import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Counts and hashes (SHA-256) a request body as it streams past, without keeping it. */
final class BodyDigest {

    private final MessageDigest sha256;
    private long length;

    BodyDigest() {
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** Adds the readable bytes of {@code content}; its reader index and reference count are left alone. */
    void update(ByteBuf content) {
        int readable = content.readableBytes();
        if (readable == 0) {
            return;
        }
        for (ByteBuffer piece : content.nioBuffers(content.readerIndex(), readable)) {
            sha256.update(piece);
        }
        length += readable;
    }

    long length() {
        return length;
    }

    /** Finishes the hash; call once. */
    String sha256Hex() {
        return HexFormat.of().formatHex(sha256.digest());
    }
}
