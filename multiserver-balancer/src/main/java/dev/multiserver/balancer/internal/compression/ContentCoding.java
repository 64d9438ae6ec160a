package dev.multiserver.balancer.internal.compression;

/** The content codings the balancer compresses with, in the order preferred when a client rates them equally. */
enum ContentCoding {
    BR("br"),
    GZIP("gzip");

    private final String token;

    ContentCoding(String token) {
        this.token = token;
    }

    /** The name in {@code Accept-Encoding} and {@code Content-Encoding}. */
    String token() {
        return token;
    }
}
