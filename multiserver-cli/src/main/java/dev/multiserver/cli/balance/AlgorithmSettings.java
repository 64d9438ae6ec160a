package dev.multiserver.cli.balance;

import static dev.multiserver.cli.balance.Algorithms.CONSISTENT_HASH;
import static dev.multiserver.cli.balance.Algorithms.STICKY_SESSION;

import dev.multiserver.balancer.LoadBalancerBuilder;
import dev.multiserver.balancer.algorithm.Algorithm;

/**
 * The algorithm as {@code --algorithm}, its option flags and {@code algorithm:} give it. The options
 * belong to the algorithm they were given with: naming another algorithm drops them, and the command
 * line's options replace the file's as a whole (its cookie and the file's app cookie would otherwise
 * conflict). An option for an algorithm other than the one chosen is an error.
 */
final class AlgorithmSettings {

    private Given<String> name;
    private Given<String> cookie;
    private Given<String> appCookie;
    private Given<String> hashKey;

    /** Chooses the algorithm, dropping the options given with the one it replaces. */
    void name(String value, Origin origin) {
        name = new Given<>(value, origin);
        clearOptions();
    }

    /** Drops the options given so far. */
    void clearOptions() {
        cookie = null;
        appCookie = null;
        hashKey = null;
    }

    void cookie(String value, Origin origin) {
        cookie = new Given<>(value, origin);
    }

    void appCookie(String value, Origin origin) {
        appCookie = new Given<>(value, origin);
    }

    void hashKey(String value, Origin origin) {
        hashKey = new Given<>(value, origin);
    }

    /**
     * Sets the builder's algorithm; returns how --check describes it (with the balancer's own sticky cookie,
     * which toString does not show; the application cookie's mode names its cookie already).
     */
    String applyTo(LoadBalancerBuilder builder) {
        Algorithm algorithm = resolve();
        builder.algorithm(algorithm);
        return algorithm + (cookie != null ? ", cookie " + cookie.value().strip() : "");
    }

    private Algorithm resolve() {
        Algorithm named = name == null ? Algorithm.roundRobin() : name.apply(Algorithms::byName);
        String chosen = name == null ? "round-robin" : name.value().strip();
        onlyFor(STICKY_SESSION, chosen, cookie);
        onlyFor(STICKY_SESSION, chosen, appCookie);
        onlyFor(CONSISTENT_HASH, chosen, hashKey);
        if (cookie != null && appCookie != null) {
            throw appCookie.origin().problem("cannot be combined with " + cookie.origin().name()
                    + " (pin clients with the balancer's own cookie or with the application's, not both)");
        }
        if (cookie != null) {
            return cookie.apply(Algorithm::stickySession);
        }
        if (appCookie != null) {
            return appCookie.apply(Algorithm::stickyOnCookie);
        }
        if (hashKey != null) {
            return hashKey.apply(key -> Algorithm.consistentHash(Algorithms.hashKey(key)));
        }
        return named;
    }

    private static void onlyFor(String algorithm, String chosen, Given<String> option) {
        if (option != null && !chosen.equals(algorithm)) {
            throw option.origin().problem("only applies to the " + algorithm + " algorithm, not " + chosen);
        }
    }
}
