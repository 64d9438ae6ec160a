package dev.multiserver.cli.balance;

import dev.multiserver.balancer.LoadBalancerBuilder;

/**
 * HTTP/2 toward clients as {@code --http2}, {@code --h2c}, {@code --max-concurrent-streams} and
 * {@code http2:} give it. With TLS, HTTP/2 is offered by ALPN unless turned off; on a plain-HTTP port
 * only with h2c. A setting that cannot take effect with the others is an error naming it, not ignored.
 */
final class Http2Settings {

    static final int DEFAULT_MAX_CONCURRENT_STREAMS = 100;

    private Given<Boolean> enabled;
    private Given<Boolean> cleartext;
    private Given<Integer> maxConcurrentStreams;

    void enabled(boolean value, Origin origin) {
        enabled = new Given<>(value, origin);
    }

    void cleartext(boolean value, Origin origin) {
        cleartext = new Given<>(value, origin);
    }

    void maxConcurrentStreams(int value, Origin origin) {
        maxConcurrentStreams = new Given<>(value, origin);
    }

    /** Sets the builder's HTTP/2 settings for a port with or without {@code tls}; returns how --check says them. */
    String applyTo(LoadBalancerBuilder builder, boolean tls) {
        boolean offered = enabled == null || enabled.value();
        boolean h2c = cleartext != null && cleartext.value();
        if (h2c && tls) {
            throw cleartext.origin().problem("cannot be combined with TLS (over TLS, clients choose HTTP/2 by ALPN)");
        }
        if (h2c && !offered) {
            throw cleartext.origin().problem("cannot be combined with HTTP/2 turned off (" + enabled.origin().name()
                    + ")");
        }
        builder.http2(offered).http2Cleartext(h2c);
        boolean on = tls ? offered : h2c;
        int streams = DEFAULT_MAX_CONCURRENT_STREAMS;
        if (maxConcurrentStreams != null) {
            if (!on) {
                throw maxConcurrentStreams.origin().problem("has no effect with HTTP/2 off (" + (tls ? "it is turned "
                        + "off" : "plain HTTP without --h2c") + ")");
            }
            maxConcurrentStreams.origin().accept(maxConcurrentStreams.value(), builder::maxConcurrentStreams);
            streams = maxConcurrentStreams.value();
        }
        if (!on) {
            return tls ? "off (HTTPS clients speak HTTP/1.1)" : "off (plain HTTP/1.1; h2c needs --h2c)";
        }
        return (tls ? "h2 or http/1.1, as each client chooses by ALPN" : "h2c with prior knowledge, beside HTTP/1.1")
                + "; at most " + streams + " concurrent streams per connection";
    }
}
