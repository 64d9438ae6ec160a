package dev.multiserver.cli.balance;

import picocli.CommandLine.Option;

/** {@code balance}'s flags for choosing a backend per request. */
final class AlgorithmOptions {

    @Option(names = "--algorithm", paramLabel = "NAME",
            description = "How to pick a backend: round-robin, least-latency, least-connections, "
                    + "sticky-session, consistent-hash, or the class name of an Algorithm with a public "
                    + "no-argument constructor (put its jar on the class path). Default: round-robin.")
    private String name;

    @Option(names = "--sticky-cookie", paramLabel = "NAME",
            description = "sticky-session: the cookie the balancer sets to send a client back to the same "
                    + "backend. Default: MSBACKEND.")
    private String cookie;

    @Option(names = "--sticky-app-cookie", paramLabel = "NAME",
            description = "sticky-session: follow the application's own session cookie (e.g. JSESSIONID) "
                    + "instead of setting one; not with --sticky-cookie. Default: none.")
    private String appCookie;

    @Option(names = "--hash-key", paramLabel = "KEY",
            description = "consistent-hash: the key that picks the backend, one of header:NAME, cookie:NAME "
                    + "and client (the client's address). Default: client.")
    private String hashKey;

    /** The command line's algorithm and options, over the config file's. */
    void applyTo(AlgorithmSettings algorithm, Flags flags) {
        flags.part("--algorithm", name, algorithm::name);
        if (cookie != null || appCookie != null || hashKey != null) {
            algorithm.clearOptions();
        }
        flags.part("--sticky-cookie", cookie, algorithm::cookie);
        flags.part("--sticky-app-cookie", appCookie, algorithm::appCookie);
        flags.part("--hash-key", hashKey, algorithm::hashKey);
    }
}
