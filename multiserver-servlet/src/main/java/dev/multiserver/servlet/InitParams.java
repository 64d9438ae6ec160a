package dev.multiserver.servlet;

import dev.multiserver.session.SessionStore;
import dev.multiserver.session.SessionStoreOptions;
import dev.multiserver.session.SessionStores;
import dev.multiserver.session.SessionValueCodec;
import dev.multiserver.session.SessionValueCodecBuilder;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;

/** Reads a filter's settings from its {@code web.xml} init-params; the store it opens is the filter's to close. */
final class InitParams {

    private static final Set<String> KNOWN = Set.of("store", "storeTimeoutMillis", "namespace", "allowPackages",
            "cookieName", "maxInactiveInterval", "touchInterval", "mutationSaving", "onStoreFailure");

    private final FilterConfig config;

    private InitParams(FilterConfig config) {
        this.config = config;
    }

    static SessionSettings read(FilterConfig config) throws ServletException {
        return new InitParams(config).read();
    }

    private SessionSettings read() throws ServletException {
        for (String name : Collections.list(config.getInitParameterNames())) {
            if (!KNOWN.contains(name)) {
                throw error(name, "unknown (expected one of: " + String.join(", ", KNOWN.stream().sorted().toList())
                        + ")");
            }
        }
        String uri = config.getInitParameter("store");
        if (uri == null || uri.isBlank()) {
            throw error("store", "missing (expected: a session store URI such as redis://host:6379 or memory:)");
        }
        SessionSyncFilterBuilder builder;
        try {
            builder = configure(uri);
        } catch (IllegalArgumentException e) {
            throw new ServletException("SessionSyncFilter '" + config.getFilterName() + "': " + e.getMessage(), e);
        }
        return builder.build().settings();
    }

    private SessionSyncFilterBuilder configure(String uri) {
        SessionValueCodecBuilder codec = SessionValueCodec.builder();
        String packages = config.getInitParameter("allowPackages");
        if (packages != null) {
            for (String name : packages.split("[,\\s]+")) {
                if (!name.isEmpty()) {
                    codec.allowPackages(name);
                }
            }
        }
        SessionValueCodec builtCodec = codec.build();
        SessionStoreOptions options = SessionStoreOptions.defaults();
        String timeout = config.getInitParameter("storeTimeoutMillis");
        if (timeout != null) {
            options = options.withTimeout(Duration.ofMillis(number("storeTimeoutMillis", timeout)));
        }
        String namespace = config.getInitParameter("namespace");
        if (namespace != null) {
            options = options.withNamespace(namespace.trim());
        }
        // options first: a bad setting must not leave an opened store behind
        SessionStore store = SessionStores.open(uri, options);
        try {
            SessionSyncFilterBuilder builder = new SessionSyncFilterBuilder(store, true).codec(builtCodec);
            with("cookieName", value -> builder.cookieName(value));
            with("maxInactiveInterval", value -> builder.maxInactiveInterval(seconds("maxInactiveInterval", value)));
            with("touchInterval", value -> builder.touchInterval(seconds("touchInterval", value)));
            with("mutationSaving", value -> builder.mutationSaving(
                    constant("mutationSaving", value, MutationSaving.class)));
            with("onStoreFailure", value -> builder.onStoreFailure(
                    constant("onStoreFailure", value, StoreFailureMode.class)));
            return builder;
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
    }

    private void with(String name, Consumer<String> setter) {
        String value = config.getInitParameter(name);
        if (value != null) {
            setter.accept(value.trim());
        }
    }

    private static Duration seconds(String name, String value) {
        return Duration.ofSeconds(number(name, value));
    }

    private static long number(String name, String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + ": '" + value + "' (expected: a whole number)");
        }
    }

    private static <E extends Enum<E>> E constant(String name, String value, Class<E> type) {
        try {
            return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            List<String> names = Arrays.stream(type.getEnumConstants()).map(Enum::name).toList();
            throw new IllegalArgumentException(name + ": '" + value + "' (expected: one of "
                    + String.join(", ", names) + ")");
        }
    }

    private ServletException error(String param, String problem) {
        return new ServletException("SessionSyncFilter '" + config.getFilterName() + "': init-param " + param + ": "
                + problem);
    }
}
