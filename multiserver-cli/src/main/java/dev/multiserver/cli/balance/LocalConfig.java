package dev.multiserver.cli.balance;

import com.fasterxml.jackson.databind.JsonNode;
import dev.multiserver.balancer.LoadBalancerBuilder;
import dev.multiserver.balancer.route.LocalResponse;
import dev.multiserver.cli.config.ConfigFile;
import dev.multiserver.cli.config.ValueErrors;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The config file's keys for what the balancer answers itself:
 *
 * <pre>{@code
 * routes:
 *   - path: /healthz                 # method: GET (the default; HEAD too), or * for any
 *     body: ok                       # status: 200, contentType: text/plain; charset=utf-8 by default
 *   - path: /old/*
 *     redirect: https://example.com/new
 *     status: 301                    # 302 by default
 *   - path: /favicon.ico
 *     file: static/favicon.ico       # Content-Type from the extension, or contentType:
 *     headers: {Cache-Control: max-age=86400}
 * errorPages:
 *   503: pages/503.html
 * headers:
 *   request:  {set: {X-From: balancer}, remove: [X-Debug]}
 *   response: {set: {X-Frame-Options: DENY}, remove: [Server]}
 * forceHttps: true                   # or {port: 8443}
 * }</pre>
 */
final class LocalConfig {

    static final List<String> KEYS = List.of("routes", "errorPages", "headers", "forceHttps");

    private static final List<String> ROUTE_KEYS = List.of("method", "path", "status", "body", "file", "contentType",
            "headers", "redirect");
    private static final List<String> HEADER_KEYS = List.of("request", "response");
    private static final List<String> HEADER_RULE_KEYS = List.of("set", "remove");
    private static final List<String> FORCE_HTTPS_KEYS = List.of("port");

    private LocalConfig() {
    }

    /** Adds the file's routes to the builder, and its error pages, header rules and forceHttps to {@code local}. */
    static void applyTo(ConfigFile file, LoadBalancerBuilder builder, LocalSettings local) {
        file.node("routes").ifPresent(routes -> routes(file, routes, builder, local));
        file.mapping("errorPages", List.of("502", "503", "504")).ifPresent(pages ->
                pages.fields().forEachRemaining(page -> {
                    String path = "errorPages." + page.getKey();
                    local.errorPage(Integer.parseInt(page.getKey()), file.read(path, page.getValue(), ConfigFile::path),
                            Origin.key(file, path));
                }));
        file.mapping("headers", HEADER_KEYS).ifPresent(headers -> {
            headerRules(file, "headers.request", headers.get("request"), local::requestHeader);
            headerRules(file, "headers.response", headers.get("response"), local::responseHeader);
        });
        file.node("forceHttps").ifPresent(node -> forceHttps(file, node, local));
    }

    private static void routes(ConfigFile file, JsonNode routes, LoadBalancerBuilder builder, LocalSettings local) {
        if (!routes.isArray()) {
            throw file.error("routes", "expected a list of routes (- path: /healthz, and body:, file: or redirect:)");
        }
        for (int i = 0; i < routes.size(); i++) {
            String path = "routes[" + i + "]";
            JsonNode item = routes.get(i);
            if (!item.isObject()) {
                throw file.error(path, "expected a mapping with path: and body:, file: or redirect:");
            }
            file.checkKeys(path, item, ROUTE_KEYS);
            String method = item.has("method") ? file.read(path + ".method", item.get("method"), ConfigFile::string)
                    : "GET";
            if (!item.has("path")) {
                throw file.error(path, "path: is missing");
            }
            String pattern = file.read(path + ".path", item.get("path"), ConfigFile::string);
            LocalResponse response = response(file, path, item);
            try {
                builder.route(method, pattern, request -> response);
            } catch (IllegalArgumentException e) {
                throw file.error(path, ValueErrors.detail(e));
            }
            String redirect = response.header("Location");
            local.route(method.toUpperCase(Locale.ROOT) + " " + pattern + " -> " + response.status()
                    + (redirect == null ? "" : " " + redirect));
        }
    }

    /** The response of one route: a redirect, a body given inline or from a file, or a bare status. */
    private static LocalResponse response(ConfigFile file, String path, JsonNode item) {
        Set<String> sources = new HashSet<>();
        for (String key : List.of("body", "file", "redirect")) {
            if (item.has(key)) {
                sources.add(key);
            }
        }
        if (sources.size() > 1) {
            throw file.error(path, "give one of body:, file: and redirect: (found " + String.join(" and ",
                    sources.stream().sorted().map(key -> key + ":").toList()) + ")");
        }
        if (item.has("redirect") && (item.has("contentType") || item.has("headers"))) {
            throw file.error(path, "a redirect: has no body, so no contentType: or headers:");
        }
        Integer status = item.has("status") ? file.read(path + ".status", item.get("status"), ConfigFile::integer)
                : null;
        LocalResponse response;
        try {
            if (item.has("redirect")) {
                response = LocalResponse.redirect(status == null ? 302 : status,
                        file.read(path + ".redirect", item.get("redirect"), ConfigFile::string));
            } else if (item.has("file")) {
                Path source = file.read(path + ".file", item.get("file"), ConfigFile::path);
                String type = item.has("contentType") ? file.read(path + ".contentType", item.get("contentType"),
                        ConfigFile::string) : LocalSettings.contentType(source);
                response = LocalResponse.of(status == null ? 200 : status, type,
                        LocalSettings.read(source, Origin.key(file, path + ".file")));
            } else if (item.has("body")) {
                String type = item.has("contentType") ? file.read(path + ".contentType", item.get("contentType"),
                        ConfigFile::string) : "text/plain; charset=utf-8";
                response = LocalResponse.of(status == null ? 200 : status, type,
                        file.read(path + ".body", item.get("body"), ConfigFile::text).getBytes(StandardCharsets.UTF_8));
            } else {
                response = LocalResponse.status(status == null ? 200 : status);
            }
            JsonNode headers = item.get("headers");
            if (headers != null) {
                if (!headers.isObject()) {
                    throw file.error(path + ".headers", "expected a mapping of header names to values (Name: value)");
                }
                for (Map.Entry<String, JsonNode> header : (Iterable<Map.Entry<String, JsonNode>>) headers::fields) {
                    response = response.withAddedHeader(header.getKey(), file.read(path + ".headers."
                            + header.getKey(), header.getValue(), ConfigFile::text));
                }
            }
        } catch (IllegalArgumentException e) {
            // LocalResponse's messages name the part ("redirect status: 200 (expected: …)"): keep them whole.
            throw file.error(path, e.getMessage());
        }
        return response;
    }

    /** {@code set:} (a mapping of names to values) and {@code remove:} (a list of names) under {@code section}. */
    private static void headerRules(ConfigFile file, String section, JsonNode rules, HeaderRuleSink sink) {
        if (rules == null) {
            return;
        }
        if (!rules.isObject()) {
            throw file.error(section, "expected a mapping with set: and remove:");
        }
        file.checkKeys(section, rules, HEADER_RULE_KEYS);
        Set<String> set = new HashSet<>();
        JsonNode toSet = rules.get("set");
        if (toSet != null) {
            if (!toSet.isObject()) {
                throw file.error(section + ".set", "expected a mapping of header names to values (Name: value)");
            }
            for (Map.Entry<String, JsonNode> header : (Iterable<Map.Entry<String, JsonNode>>) toSet::fields) {
                String path = section + ".set." + header.getKey();
                sink.accept(header.getKey(), file.read(path, header.getValue(), ConfigFile::text), Origin.key(file, path));
                set.add(header.getKey().toLowerCase(Locale.ROOT));
            }
        }
        JsonNode toRemove = rules.get("remove");
        if (toRemove != null) {
            if (!toRemove.isArray()) {
                throw file.error(section + ".remove", "expected a list of header names");
            }
            for (int i = 0; i < toRemove.size(); i++) {
                String path = section + ".remove[" + i + "]";
                String name = file.read(path, toRemove.get(i), ConfigFile::string);
                if (set.contains(name.toLowerCase(Locale.ROOT))) {
                    throw file.error(path, name + " is also under set:");
                }
                sink.accept(name, null, Origin.key(file, path));
            }
        }
    }

    /** {@code forceHttps:} is true or false, or a mapping with the https port to redirect to. */
    private static void forceHttps(ConfigFile file, JsonNode node, LocalSettings local) {
        if (!node.isObject()) {
            local.forceHttps(file.read("forceHttps", node, ConfigFile::bool), Origin.key(file, "forceHttps"));
            return;
        }
        file.checkKeys("forceHttps", node, FORCE_HTTPS_KEYS);
        local.forceHttps(true, Origin.key(file, "forceHttps"));
        JsonNode port = node.get("port");
        if (port != null) {
            local.forceHttpsPort(file.read("forceHttps.port", port, ConfigFile::integer),
                    Origin.key(file, "forceHttps.port"));
        }
    }

    /** Where a header rule goes: the request's or the response's; a null value removes the header. */
    @FunctionalInterface
    interface HeaderRuleSink {
        void accept(String name, String value, Origin origin);
    }
}
