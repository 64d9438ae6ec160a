package dev.multiserver.cli.balance;

import java.util.function.Function;
import picocli.CommandLine.Option;

/** {@code balance}'s flags for the admin server. */
final class AdminOptions {

    @Option(names = "--admin", negatable = true,
            description = "Serve status.json, metrics and the dashboard on the admin port. Default: on.")
    private Boolean enabled;

    @Option(names = "--admin-port", paramLabel = "PORT",
            description = "Admin server port; 0 picks a free one. Default: " + AdminSettings.DEFAULT_PORT + ".")
    private Integer port;

    @Option(names = "--admin-bind", paramLabel = "ADDRESS",
            description = "Admin server address. Default: " + AdminSettings.DEFAULT_BIND_ADDRESS
                    + " (this host only).")
    private String bindAddress;

    @Option(names = "--admin-token", paramLabel = "TOKEN",
            description = "Require Authorization: Bearer TOKEN on the admin API (8 or more visible ASCII "
                    + "characters). Prefer the " + AdminSettings.TOKEN_VARIABLE + " environment variable, read "
                    + "when this flag is absent: other users can see flags in ps. Default: none.")
    private String token;

    /** The environment's token, then the flags, over the config file's settings. */
    void applyTo(AdminSettings admin, Flags flags, Function<String, String> environment) {
        if (Boolean.FALSE.equals(enabled)) {
            refuse(flags, "--admin-port", port);
            refuse(flags, "--admin-bind", bindAddress);
            refuse(flags, "--admin-token", token);
        }
        String variable = AdminSettings.TOKEN_VARIABLE;
        String fromEnvironment = environment.apply(variable);
        if (token == null && fromEnvironment != null && !fromEnvironment.isEmpty()) {
            admin.token(fromEnvironment, flags.environment(variable));
        }
        flags.part("--admin", enabled, admin::enabled);
        flags.part("--admin-port", port, admin::port);
        flags.part("--admin-bind", bindAddress, admin::bindAddress);
        flags.part("--admin-token", token, admin::token);
    }

    private static void refuse(Flags flags, String flag, Object value) {
        if (value != null) {
            throw flags.origin(flag).problem("has no effect with --no-admin");
        }
    }
}
