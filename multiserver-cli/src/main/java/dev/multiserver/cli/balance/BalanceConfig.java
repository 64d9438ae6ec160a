package dev.multiserver.cli.balance;

import com.fasterxml.jackson.databind.JsonNode;
import dev.multiserver.balancer.Backend;
import dev.multiserver.cache.CacheRule;
import dev.multiserver.balancer.LoadBalancerBuilder;
import dev.multiserver.cli.config.ConfigFile;
import dev.multiserver.cli.config.ValueErrors;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * The {@code balance} settings of a YAML config file, one key per flag:
 *
 * <pre>{@code
 * port: 8080
 * backends:
 *   - http://127.0.0.1:9001
 *   - url: http://127.0.0.1:9002
 *     weight: 3
 *   - http://127.0.0.1:9003#weight=2
 *   - https://app.internal:8443
 * workers:
 *   command: java -jar app.jar --port {port}
 *   count: 3
 * queueTimeout: 5s
 * algorithm:
 *   name: consistent-hash
 *   key: header:X-User
 * health:
 *   path: /health
 *   interval: 2s
 * passiveHealth:
 *   consecutiveFailures: 3
 * slowStart: 30s
 * retries:
 *   maxAttempts: 2
 *   maxBody: 1MiB
 * admin:
 *   port: 9900
 * tls:
 *   certificate: /etc/tls/fullchain.pem
 *   key: /etc/tls/privkey.pem
 *   redirectHttp: 80
 * backendTls:
 *   caBundle: /etc/tls/internal-ca.pem
 * compression:
 *   minSize: 2KiB
 * routes:                 # and errorPages:, headers:, forceHttps: (see LocalConfig)
 *   - path: /healthz
 *     body: ok
 * http2:
 *   maxConcurrentStreams: 200
 * }</pre>
 *
 * <p>Values go straight to the {@link LoadBalancerBuilder}, which validates them as it does the flags'.
 */
final class BalanceConfig {

    /** Every key, in the order {@code balance --help} lists the flags. */
    static final List<String> KEYS = List.of("port", "bind", "backends", "workers", "algorithm",
            "maxConnections", "maxQueued", "queueTimeout", "connectTimeout", "timeout", "headerTimeout",
            "idleTimeout", "shutdownGrace", "maxRequestLine", "maxHeaderSize", "forwarded", "ioThreads",
            "webSocketIdleTimeout", "webSocketDrainGrace", "health", "passiveHealth", "slowStart", "retries", "admin",
            "tls", "backendTls", "compression", "cache", "routes", "errorPages", "headers", "forceHttps", "http2");

    private static final List<String> BACKEND_KEYS = List.of("url", "weight");
    private static final List<String> WORKER_KEYS = List.of("command", "count", "startTimeout", "stopGrace",
            "backoff", "maxBackoff", "crashLoopLimit", "stableAfter", "logDirectory", "workingDirectory",
            "environment");
    private static final List<String> ALGORITHM_KEYS = List.of("name", "cookie", "appCookie", "key");
    private static final List<String> HEALTH_KEYS = List.of("path", "interval", "timeout", "rise", "fall");
    private static final List<String> PASSIVE_HEALTH_KEYS = List.of("consecutiveFailures", "ejectionTime",
            "maxEjectionTime");
    private static final List<String> RETRY_KEYS = List.of("maxAttempts", "budget", "maxBody");
    private static final List<String> ADMIN_KEYS = List.of("port", "bind", "token", "enabled");
    private static final List<String> TLS_KEYS = List.of("certificate", "key", "keyPasswordEnv", "keystore",
            "keystorePasswordEnv", "selfSigned", "reloadInterval", "redirectHttp");
    private static final List<String> BACKEND_TLS_KEYS = List.of("caBundle");
    private static final List<String> CACHE_KEYS = List.of("enabled", "size", "maxObjectSize", "shared", "rules");
    private static final List<String> CACHE_RULE_KEYS = List.of("path", "regex", "ttl", "varyHeaders");
    private static final List<String> COMPRESSION_KEYS = List.of("enabled", "minSize", "types", "brotli", "gzipLevel",
            "brotliQuality");
    private static final List<String> HTTP2_KEYS = List.of("enabled", "cleartext", "maxConcurrentStreams");

    private BalanceConfig() {
    }

    /**
     * Applies every setting of {@code file} to {@code builder}; the backends only when
     * {@code withBackends} (the command line may replace them), though they are checked either way.
     *
     * @throws dev.multiserver.cli.config.ConfigException naming the file and key of a wrong value
     */
    static void applyTo(ConfigFile file, BalanceSettings settings, boolean withBackends) {
        file.checkKeys(KEYS);
        LoadBalancerBuilder builder = settings.builder();
        file.apply("port", ConfigFile::integer, builder::port);
        file.apply("bind", ConfigFile::string, builder::bindAddress);
        file.mapping("workers", WORKER_KEYS).ifPresent(workers -> workers(file, workers, settings.workers()));
        file.node("algorithm").ifPresent(node -> algorithm(file, node, settings.algorithm()));
        file.apply("maxConnections", ConfigFile::integer, builder::maxConcurrentConnections);
        file.apply("maxQueued", ConfigFile::integer, builder::maxQueuedRequests);
        file.apply("queueTimeout", ConfigFile::duration, builder::queueTimeout);
        file.apply("connectTimeout", ConfigFile::duration, builder::connectTimeout);
        file.apply("timeout", ConfigFile::duration, builder::responseTimeout);
        file.apply("headerTimeout", ConfigFile::duration, builder::headerTimeout);
        file.apply("idleTimeout", ConfigFile::duration, builder::idleTimeout);
        file.apply("shutdownGrace", ConfigFile::duration, builder::shutdownGracePeriod);
        file.apply("maxRequestLine", ConfigFile::integer, builder::maxRequestLineLength);
        file.apply("maxHeaderSize", ConfigFile::integer, builder::maxHeaderSize);
        file.apply("forwarded", ConfigFile::bool, builder::forwardedHeader);
        file.apply("ioThreads", ConfigFile::integer, builder::ioThreads);
        file.apply("webSocketIdleTimeout", ConfigFile::duration, builder::webSocketIdleTimeout);
        file.apply("webSocketDrainGrace", ConfigFile::duration, builder::webSocketDrainGrace);
        file.mapping("health", HEALTH_KEYS).ifPresent(health -> {
            HealthSettings parts = settings.health();
            part(file, "health", health, "path", ConfigFile::string, parts::path);
            part(file, "health", health, "interval", ConfigFile::duration, parts::interval);
            part(file, "health", health, "timeout", ConfigFile::duration, parts::timeout);
            part(file, "health", health, "rise", ConfigFile::integer, parts::rise);
            part(file, "health", health, "fall", ConfigFile::integer, parts::fall);
        });
        file.mapping("passiveHealth", PASSIVE_HEALTH_KEYS).ifPresent(passive -> {
            PassiveHealthSettings parts = settings.passiveHealth();
            part(file, "passiveHealth", passive, "consecutiveFailures", ConfigFile::integer,
                    parts::consecutiveFailures);
            part(file, "passiveHealth", passive, "ejectionTime", ConfigFile::duration, parts::ejectionTime);
            part(file, "passiveHealth", passive, "maxEjectionTime", ConfigFile::duration, parts::maxEjectionTime);
        });
        file.node("slowStart").ifPresent(node ->
                settings.slowStart(file.read("slowStart", node, ConfigFile::duration), Origin.key(file, "slowStart")));
        file.mapping("retries", RETRY_KEYS).ifPresent(retries -> {
            RetrySettings parts = settings.retries();
            part(file, "retries", retries, "maxAttempts", ConfigFile::integer, parts::maxAttempts);
            part(file, "retries", retries, "budget", ConfigFile::decimal, parts::budget);
            part(file, "retries", retries, "maxBody", ConfigFile::size, parts::maxBody);
        });
        file.mapping("admin", ADMIN_KEYS).ifPresent(admin -> admin(file, admin, settings.admin()));
        file.mapping("tls", TLS_KEYS).ifPresent(tls -> tls(file, tls, settings.tls()));
        file.mapping("backendTls", BACKEND_TLS_KEYS).ifPresent(backendTls -> part(file, "backendTls", backendTls,
                "caBundle", ConfigFile::path, settings.backendTls()::caBundle));
        file.mapping("compression", COMPRESSION_KEYS)
                .ifPresent(compression -> compression(file, compression, settings.compression()));
        file.mapping("cache", CACHE_KEYS).ifPresent(cache -> cache(file, cache, settings.cache()));
        LocalConfig.applyTo(file, builder, settings.local());
        file.mapping("http2", HTTP2_KEYS).ifPresent(http2 -> {
            Http2Settings parts = settings.http2();
            part(file, "http2", http2, "enabled", ConfigFile::bool, parts::enabled);
            part(file, "http2", http2, "cleartext", ConfigFile::bool, parts::cleartext);
            part(file, "http2", http2, "maxConcurrentStreams", ConfigFile::integer, parts::maxConcurrentStreams);
        });

        List<Backend> backends = backends(file);
        for (int i = 0; withBackends && i < backends.size(); i++) {
            try {
                builder.backend(backends.get(i));
            } catch (IllegalArgumentException e) {
                throw file.error("backends[" + i + "]", ValueErrors.detail(e));
            }
        }
    }

    /** {@code workers:}; its {@code environment:} is a mapping of variable names to values. */
    private static void workers(ConfigFile file, JsonNode workers, WorkerSettings parts) {
        part(file, "workers", workers, "command", ConfigFile::string, parts::command);
        part(file, "workers", workers, "count", ConfigFile::integer, parts::count);
        part(file, "workers", workers, "startTimeout", ConfigFile::duration, parts::startTimeout);
        part(file, "workers", workers, "stopGrace", ConfigFile::duration, parts::stopGrace);
        part(file, "workers", workers, "backoff", ConfigFile::duration, parts::backoff);
        part(file, "workers", workers, "maxBackoff", ConfigFile::duration, parts::maxBackoff);
        part(file, "workers", workers, "crashLoopLimit", ConfigFile::integer, parts::crashLoopLimit);
        part(file, "workers", workers, "stableAfter", ConfigFile::duration, parts::stableAfter);
        part(file, "workers", workers, "logDirectory", ConfigFile::path, parts::logDirectory);
        part(file, "workers", workers, "workingDirectory", ConfigFile::path, parts::workingDirectory);
        JsonNode environment = workers.get("environment");
        if (environment == null) {
            return;
        }
        if (environment.isNull()) {
            throw file.error("workers.environment", "has no value");
        }
        if (!environment.isObject()) {
            throw file.error("workers.environment", "expected a mapping of variable names to values (NAME: value)");
        }
        environment.fields().forEachRemaining(variable -> {
            String path = "workers.environment." + variable.getKey();
            parts.environment(variable.getKey(), file.read(path, variable.getValue(), ConfigFile::text),
                    Origin.key(file, path));
        });
    }

    /** {@code algorithm:} is a name, or a mapping with the name and the algorithm's options. */
    private static void algorithm(ConfigFile file, JsonNode node, AlgorithmSettings parts) {
        if (!node.isObject()) {
            parts.name(file.read("algorithm", node, ConfigFile::string), Origin.key(file, "algorithm"));
            return;
        }
        file.checkKeys("algorithm", node, ALGORITHM_KEYS);
        if (!node.has("name")) {
            throw file.error("algorithm", "name: is missing");
        }
        part(file, "algorithm", node, "name", ConfigFile::string, parts::name);
        part(file, "algorithm", node, "cookie", ConfigFile::string, parts::cookie);
        part(file, "algorithm", node, "appCookie", ConfigFile::string, parts::appCookie);
        part(file, "algorithm", node, "key", ConfigFile::string, parts::hashKey);
    }

    /** {@code admin:}; keys beside {@code enabled: false} are refused rather than silently unused. */
    private static void admin(ConfigFile file, JsonNode admin, AdminSettings parts) {
        part(file, "admin", admin, "enabled", ConfigFile::bool, parts::enabled);
        JsonNode enabled = admin.get("enabled");
        if (enabled != null && !enabled.booleanValue()) {
            for (String key : List.of("port", "bind", "token")) {
                if (admin.has(key)) {
                    throw file.error("admin." + key, "has no effect with enabled: false");
                }
            }
        }
        part(file, "admin", admin, "port", ConfigFile::integer, parts::port);
        part(file, "admin", admin, "bind", ConfigFile::string, parts::bindAddress);
        part(file, "admin", admin, "token", ConfigFile::string, parts::token);
    }

    /** {@code tls:}; the passwords' keys name environment variables, as the flags do. */
    private static void tls(ConfigFile file, JsonNode tls, TlsSettings parts) {
        part(file, "tls", tls, "certificate", ConfigFile::path, parts::certificate);
        part(file, "tls", tls, "key", ConfigFile::path, parts::key);
        part(file, "tls", tls, "keyPasswordEnv", ConfigFile::string, parts::keyPasswordVariable);
        part(file, "tls", tls, "keystore", ConfigFile::path, parts::keyStore);
        part(file, "tls", tls, "keystorePasswordEnv", ConfigFile::string, parts::keyStorePasswordVariable);
        part(file, "tls", tls, "selfSigned", ConfigFile::bool, parts::selfSigned);
        part(file, "tls", tls, "reloadInterval", ConfigFile::duration, parts::reloadInterval);
        part(file, "tls", tls, "redirectHttp", ConfigFile::integer, parts::redirectHttpPort);
    }

    /**
     * {@code compression:}; the section turns compression on unless it says {@code enabled: false}, beside
     * which other keys are refused rather than silently unused.
     */
    private static void compression(ConfigFile file, JsonNode compression, CompressionSettings parts) {
        JsonNode enabled = compression.get("enabled");
        if (enabled == null) {
            parts.enabled(true, Origin.key(file, "compression"));
        } else {
            part(file, "compression", compression, "enabled", ConfigFile::bool, parts::enabled);
            if (!enabled.booleanValue()) {
                for (String key : COMPRESSION_KEYS.subList(1, COMPRESSION_KEYS.size())) {
                    if (compression.has(key)) {
                        throw file.error("compression." + key, "has no effect with enabled: false");
                    }
                }
            }
        }
        part(file, "compression", compression, "minSize", ConfigFile::size, parts::minSize);
        part(file, "compression", compression, "types", BalanceConfig::types, parts::types);
        part(file, "compression", compression, "brotli", ConfigFile::bool, parts::brotli);
        part(file, "compression", compression, "gzipLevel", ConfigFile::integer, parts::gzipLevel);
        part(file, "compression", compression, "brotliQuality", ConfigFile::integer, parts::brotliQuality);
    }

    /** {@code cache:}; like {@code compression:}, the section turns the cache on unless it says enabled: false. */
    private static void cache(ConfigFile file, JsonNode cache, CacheSettings parts) {
        JsonNode enabled = cache.get("enabled");
        if (enabled == null) {
            parts.enabled(true, Origin.key(file, "cache"));
        } else {
            part(file, "cache", cache, "enabled", ConfigFile::bool, parts::enabled);
            if (!enabled.booleanValue()) {
                for (String key : CACHE_KEYS.subList(1, CACHE_KEYS.size())) {
                    if (cache.has(key)) {
                        throw file.error("cache." + key, "has no effect with enabled: false");
                    }
                }
            }
        }
        part(file, "cache", cache, "size", ConfigFile::size, parts::size);
        part(file, "cache", cache, "maxObjectSize", ConfigFile::size, parts::maxObjectSize);
        part(file, "cache", cache, "shared", ConfigFile::string, parts::shared);
        JsonNode rules = cache.get("rules");
        if (rules == null) {
            return;
        }
        if (!rules.isArray()) {
            throw file.error("cache.rules", "expected a list of rules (- path: /static/*, ttl: 60s)");
        }
        for (int i = 0; i < rules.size(); i++) {
            parts.rule(cacheRule(file, "cache.rules[" + i + "]", rules.get(i)));
        }
    }

    /** One of {@code cache.rules}: {@code path} or {@code regex}, with an optional {@code ttl} and {@code varyHeaders}. */
    private static CacheRule cacheRule(ConfigFile file, String path, JsonNode rule) {
        if (!rule.isObject()) {
            throw file.error(path, "expected a mapping with path or regex, and ttl, varyHeaders");
        }
        file.checkKeys(path, rule, CACHE_RULE_KEYS);
        if (rule.has("path") == rule.has("regex")) {
            throw file.error(path, "expected exactly one of path (/static/*) or regex (^/api/.*\\.json$)");
        }
        String matchKey = rule.has("path") ? "path" : "regex";
        String match = file.read(path + "." + matchKey, rule.get(matchKey), ConfigFile::string);
        CacheRule built = file.read(path + "." + matchKey, rule.get(matchKey),
                node -> matchKey.equals("path") ? CacheRule.path(match) : CacheRule.regex(match));
        if (rule.has("ttl")) {
            Duration ttl = file.read(path + ".ttl", rule.get("ttl"), ConfigFile::duration);
            CacheRule matching = built;
            built = file.read(path + ".ttl", rule.get("ttl"), node -> matching.defaultTtl(ttl));
        }
        if (rule.has("varyHeaders")) {
            List<String> names = file.read(path + ".varyHeaders", rule.get("varyHeaders"), BalanceConfig::names);
            CacheRule matching = built;
            built = file.read(path + ".varyHeaders", rule.get("varyHeaders"),
                    node -> matching.varyHeaders(names.toArray(String[]::new)));
        }
        return built;
    }

    /** A list of header names. */
    private static List<String> names(JsonNode node) {
        if (!node.isArray()) {
            throw new IllegalArgumentException("expected a list of header names ([Accept-Language])");
        }
        List<String> names = new ArrayList<>();
        node.forEach(item -> names.add(ConfigFile.string(item)));
        return names;
    }

    /** A list of media types, or one string of them separated by commas. */
    private static List<String> types(JsonNode node) {
        if (node.isTextual()) {
            return List.of(node.textValue().split(",", -1));
        }
        if (!node.isArray()) {
            throw new IllegalArgumentException("expected a list of media types ([text/*, application/json])");
        }
        List<String> types = new ArrayList<>();
        node.forEach(item -> types.add(ConfigFile.string(item)));
        return types;
    }

    /** When {@code mapping}, found at {@code section}, has {@code key}, reads it and hands it to a part of a setting. */
    private static <T> void part(ConfigFile file, String section, JsonNode mapping, String key,
            ConfigFile.ValueReader<T> reader, BiConsumer<? super T, Origin> setter) {
        JsonNode node = mapping.get(key);
        if (node != null) {
            String path = section + "." + key;
            setter.accept(file.read(path, node, reader), Origin.key(file, path));
        }
    }

    /**
     * {@code backends:} is a list whose items are a URL (with an optional {@code #weight=N}) or a mapping
     * with {@code url} and {@code weight}.
     */
    private static List<Backend> backends(ConfigFile file) {
        JsonNode list = file.node("backends").orElse(null);
        if (list == null || list.isNull()) {
            return List.of();
        }
        if (!list.isArray()) {
            throw file.error("backends", "expected a list of URLs (- http://host:port)");
        }
        List<Backend> backends = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            backends.add(backend(file, "backends[" + i + "]", list.get(i)));
        }
        return backends;
    }

    private static Backend backend(ConfigFile file, String path, JsonNode item) {
        if (item.isTextual()) {
            return file.read(path, item, node -> BackendSpecs.parse(ConfigFile.string(node)));
        }
        if (!item.isObject()) {
            throw file.error(path, "expected a URL, or url: and weight:");
        }
        file.checkKeys(path, item, BACKEND_KEYS);
        JsonNode url = item.get("url");
        if (url == null) {
            throw file.error(path, "url: is missing");
        }
        Backend backend = file.read(path + ".url", url, node -> Backend.of(ConfigFile.string(node)));
        JsonNode weight = item.get("weight");
        return weight == null ? backend
                : file.read(path + ".weight", weight, node -> backend.withWeight(ConfigFile.integer(node)));
    }
}
