package dev.multiserver.cli.balance;

import dev.multiserver.balancer.LoadBalancerBuilder;
import dev.multiserver.balancer.route.LocalResponse;
import dev.multiserver.balancer.route.Middleware;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What the balancer answers itself, as {@code routes:}, {@code errorPages:}, {@code headers:},
 * {@code forceHttps:} and the flags {@code --error-page}, {@code --request-header}, {@code --force-https}, …
 * give it. Routes come from the config file alone and go to the builder as they are read; error pages,
 * header rules and forceHttps are gathered part by part — a flag replaces the file's page for a status, or
 * its rule for a header — and handed to the builder by {@link #applyTo}, which reads the page files.
 */
final class LocalSettings {

    /** Files are read whole into memory, once: pages and small static files, not downloads. */
    static final int MAX_FILE_SIZE = 16 << 20;

    private static final Map<String, String> CONTENT_TYPES = Map.ofEntries(
            Map.entry("html", "text/html; charset=utf-8"),
            Map.entry("htm", "text/html; charset=utf-8"),
            Map.entry("txt", "text/plain; charset=utf-8"),
            Map.entry("json", "application/json"),
            Map.entry("xml", "application/xml"),
            Map.entry("css", "text/css; charset=utf-8"),
            Map.entry("js", "text/javascript; charset=utf-8"),
            Map.entry("svg", "image/svg+xml"),
            Map.entry("png", "image/png"),
            Map.entry("jpg", "image/jpeg"),
            Map.entry("jpeg", "image/jpeg"),
            Map.entry("gif", "image/gif"),
            Map.entry("ico", "image/x-icon"),
            Map.entry("webp", "image/webp"));

    /** A header to set ({@code value}) or remove ({@code value} null). */
    private record HeaderRule(String name, String value) {
    }

    private final List<String> routes = new ArrayList<>();
    private final Map<Integer, Given<Path>> errorPages = new TreeMap<>();
    private final Map<String, Given<HeaderRule>> requestHeaders = new LinkedHashMap<>();
    private final Map<String, Given<HeaderRule>> responseHeaders = new LinkedHashMap<>();
    private Given<Boolean> forceHttps;
    private Given<Integer> forceHttpsPort;

    /** A route the config file added to the builder, as {@code --check} shows it. */
    void route(String description) {
        routes.add(description);
    }

    void errorPage(int status, Path file, Origin origin) {
        errorPages.put(status, new Given<>(file, origin));
    }

    /** Sets the request header {@code name} to {@code value}, or removes it when {@code value} is null. */
    void requestHeader(String name, String value, Origin origin) {
        requestHeaders.put(name.toLowerCase(Locale.ROOT), new Given<>(new HeaderRule(name, value), origin));
    }

    /** Sets the response header {@code name} to {@code value}, or removes it when {@code value} is null. */
    void responseHeader(String name, String value, Origin origin) {
        responseHeaders.put(name.toLowerCase(Locale.ROOT), new Given<>(new HeaderRule(name, value), origin));
    }

    /** Turning it off also drops a port an earlier source gave. */
    void forceHttps(boolean value, Origin origin) {
        forceHttps = new Given<>(value, origin);
        if (!value) {
            forceHttpsPort = null;
        }
    }

    void forceHttpsPort(int value, Origin origin) {
        forceHttpsPort = new Given<>(value, origin);
    }

    /**
     * Hands the error pages (read now), header rules and forceHttps to the builder. Returns what {@code --check}
     * shows of them, and of the routes: one line for each kind that is set.
     *
     * @param tls whether the balancer serves HTTPS, which forceHttps cannot be combined with
     */
    List<String> applyTo(LoadBalancerBuilder builder, boolean tls) {
        List<String> summary = new ArrayList<>();
        if (!routes.isEmpty()) {
            summary.add("local routes: " + String.join(", ", routes));
        }
        List<String> pages = new ArrayList<>();
        errorPages.forEach((status, file) -> {
            String contentType = contentType(file.value());
            LocalResponse page = LocalResponse.of(200, contentType, read(file.value(), file.origin()));
            // The builder says which statuses may have a page; the page takes the status of the error it replaces.
            file.origin().accept(status, s -> builder.fallback(s, (request, error) -> page.withStatus(error.status())));
            pages.add(status + " " + file.value() + " (" + contentType + ")");
        });
        if (!pages.isEmpty()) {
            summary.add("error pages: " + String.join(", ", pages));
        }
        List<String> rules = new ArrayList<>();
        requestHeaders.values().forEach(rule -> rules.add(headerRule(builder, rule, true)));
        responseHeaders.values().forEach(rule -> rules.add(headerRule(builder, rule, false)));
        if (!rules.isEmpty()) {
            summary.add("header rules: " + String.join(", ", rules));
        }
        forceHttps(builder, tls).ifPresent(port -> summary.add("force https: plain HTTP redirected to https on port "
                + port));
        return summary;
    }

    private static String headerRule(LoadBalancerBuilder builder, Given<HeaderRule> given, boolean request) {
        HeaderRule rule = given.value();
        Middleware middleware = given.apply(r -> r.value() == null
                ? (request ? Middleware.removeRequestHeader(r.name()) : Middleware.removeResponseHeader(r.name()))
                : (request ? Middleware.setRequestHeader(r.name(), r.value())
                           : Middleware.setResponseHeader(r.name(), r.value())));
        builder.middleware(middleware);
        return middleware.toString();
    }

    private Optional<Integer> forceHttps(LoadBalancerBuilder builder, boolean tls) {
        boolean on = forceHttps != null ? forceHttps.value() : forceHttpsPort != null;
        if (!on) {
            if (forceHttpsPort != null) {
                throw forceHttpsPort.origin().problem("has no effect with forceHttps off (" + forceHttps.origin().name()
                        + ")");
            }
            return Optional.empty();
        }
        Given<?> given = forceHttps != null ? forceHttps : forceHttpsPort;
        if (tls) {
            throw given.origin().problem("cannot be combined with TLS: every request arrives over HTTPS (expected: "
                    + "--redirect-http PORT, or tls.redirectHttp, to redirect plain HTTP to it)");
        }
        int port = forceHttpsPort == null ? 443 : forceHttpsPort.value();
        if (forceHttpsPort == null) {
            builder.forceHttps();
        } else {
            forceHttpsPort.origin().accept(port, builder::forceHttps);
        }
        return Optional.of(port);
    }

    /** The Content-Type of a file, from its extension: {@code .html}, {@code .json}, {@code .txt}, … */
    static String contentType(Path file) {
        String name = file.getFileName() == null ? "" : file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String extension = dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
        return CONTENT_TYPES.getOrDefault(extension, "application/octet-stream");
    }

    /** The whole of {@code file}; a file that cannot be read is a usage error of {@code origin} naming it. */
    static byte[] read(Path file, Origin origin) {
        if (Files.isDirectory(file)) {
            throw origin.problem(file + ": is a directory, not a file");
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes(MAX_FILE_SIZE + 1);
            if (bytes.length > MAX_FILE_SIZE) {
                throw origin.problem(file + ": larger than " + MAX_FILE_SIZE + " bytes (expected: a page or a small "
                        + "file, read into memory)");
            }
            return bytes;
        } catch (NoSuchFileException e) {
            throw origin.problem(file + ": no such file");
        } catch (AccessDeniedException e) {
            throw origin.problem(file + ": cannot read it: permission denied");
        } catch (IOException e) {
            throw origin.problem(file + ": cannot read it: " + e);
        }
    }
}
