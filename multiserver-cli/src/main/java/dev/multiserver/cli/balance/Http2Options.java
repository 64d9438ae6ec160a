package dev.multiserver.cli.balance;

import picocli.CommandLine.Option;

/** {@code balance}'s flags for HTTP/2 toward clients. */
final class Http2Options {

    @Option(names = "--http2", negatable = true,
            description = "Offer HTTP/2 to HTTPS clients (ALPN h2, beside http/1.1); requests still go to the "
                    + "backends over HTTP/1.1. Default: on (with a TLS certificate).")
    private Boolean enabled;

    @Option(names = "--h2c",
            description = "On a plain-HTTP port, also accept HTTP/2 from clients that open with it (h2c with prior "
                    + "knowledge, as curl --http2-prior-knowledge and gRPC clients do); HTTP/1.1 clients are served "
                    + "as before. Not with TLS. Default: off.")
    private Boolean cleartext;

    @Option(names = "--max-concurrent-streams", paramLabel = "N",
            description = "Requests one HTTP/2 connection may have in flight at once; the client is told, and more "
                    + "are refused (REFUSED_STREAM, which clients retry). Default: 100.")
    private Integer maxConcurrentStreams;

    void applyTo(Http2Settings http2, Flags flags) {
        flags.part(Boolean.FALSE.equals(enabled) ? "--no-http2" : "--http2", enabled, http2::enabled);
        flags.part("--h2c", cleartext, http2::cleartext);
        flags.part("--max-concurrent-streams", maxConcurrentStreams, http2::maxConcurrentStreams);
    }
}
