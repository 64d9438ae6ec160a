package dev.multiserver.cli.balance;

import dev.multiserver.balancer.LoadBalancerBuilder;

/**
 * The admin server as {@code --admin-*}, {@code admin:} and {@code MULTISERVER_ADMIN_TOKEN} give it.
 * The library starts none unless asked; the command line asks by default, on port 9900 of the
 * loopback address, so that an operator always has status and metrics at hand.
 */
final class AdminSettings {

    static final int DEFAULT_PORT = 9900;
    static final String DEFAULT_BIND_ADDRESS = "127.0.0.1";
    static final String TOKEN_VARIABLE = "MULTISERVER_ADMIN_TOKEN";

    private Given<Boolean> enabled;
    private Given<Integer> port;
    private Given<String> bindAddress;
    private Given<String> token;

    void enabled(boolean value, Origin origin) {
        enabled = new Given<>(value, origin);
    }

    void port(int value, Origin origin) {
        port = new Given<>(value, origin);
    }

    void bindAddress(String value, Origin origin) {
        bindAddress = new Given<>(value, origin);
    }

    void token(String value, Origin origin) {
        token = new Given<>(value, origin);
    }

    /** Configures the builder's admin server, unless it is turned off; returns how --check describes it. */
    String applyTo(LoadBalancerBuilder builder) {
        if (enabled != null && !enabled.value()) {
            return "off";
        }
        int chosenPort = DEFAULT_PORT;
        if (port != null) {
            port.origin().accept(port.value(), builder::adminPort);
            chosenPort = port.value();
        } else {
            builder.adminPort(DEFAULT_PORT);
        }
        String host = DEFAULT_BIND_ADDRESS;
        if (bindAddress != null) {
            bindAddress.origin().accept(bindAddress.value(), builder::adminBindAddress);
            host = bindAddress.value().strip();
        }
        if (token != null) {
            token.origin().accept(token.value(), builder::adminToken);
        }
        // Never the token itself: --check output ends up in logs and terminals.
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + chosenPort
                + (chosenPort == 0 ? " (a free port)" : "")
                + (token == null ? ", no token" : ", token from " + token.origin().name());
    }
}
