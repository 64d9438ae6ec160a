package dev.multiserver.cli.balance;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import picocli.CommandLine.Option;

/**
 * {@code balance}'s flags for what the balancer answers itself: error pages, header rules, and the redirect of
 * plain HTTP. Local routes are set in the config file ({@code routes:}) only.
 */
final class LocalOptions {

    @Option(names = "--error-page", paramLabel = "STATUS=FILE",
            description = "Answer with FILE instead of the balancer's own short error for STATUS: 502 (a backend "
                    + "refused or broke the connection), 503 (no backend available, or the queue full) or 504 (no "
                    + "answer in time); a backend's own errors pass through unchanged. Its Content-Type follows "
                    + "the extension (.html, .json, .txt, …). Repeat the flag for each status; each replaces the "
                    + "config's page for that status. Default: none (short plain text).")
    private List<String> errorPages;

    @Option(names = "--request-header", paramLabel = "NAME=VALUE",
            description = "Set this header on every request sent to a backend, replacing any the client sent. "
                    + "Repeat the flag for each. Default: none.")
    private List<String> setRequestHeaders;

    @Option(names = "--remove-request-header", paramLabel = "NAME",
            description = "Remove this header from every request before it is sent to a backend. Default: none.")
    private List<String> removeRequestHeaders;

    @Option(names = "--response-header", paramLabel = "NAME=VALUE",
            description = "Set this header on every response to a client. Repeat the flag for each. Default: none.")
    private List<String> setResponseHeaders;

    @Option(names = "--remove-response-header", paramLabel = "NAME",
            description = "Remove this header from every response to a client. Default: none.")
    private List<String> removeResponseHeaders;

    @Option(names = "--force-https", negatable = true,
            description = "Answer every request that arrives over plain HTTP with 308 to the same URL on https: for "
                    + "a balancer serving plain HTTP while HTTPS is served elsewhere (with a certificate, use "
                    + "--redirect-http). Default: off.")
    private Boolean forceHttps;

    @Option(names = "--force-https-port", paramLabel = "PORT",
            description = "The https port --force-https redirects to (turns it on). Default: 443.")
    private Integer forceHttpsPort;

    void applyTo(LocalSettings local, Flags flags) {
        if (errorPages != null) {
            Origin origin = flags.origin("--error-page");
            for (String page : errorPages) {
                int equals = page.indexOf('=');
                int status;
                try {
                    status = equals < 0 ? -1 : Integer.parseInt(page.substring(0, equals).trim());
                } catch (NumberFormatException e) {
                    status = -1;
                }
                if (status < 0 || equals == page.length() - 1) {
                    throw origin.invalid("'" + page + "' (expected: STATUS=FILE, e.g. 503=pages/503.html)");
                }
                local.errorPage(status, Path.of(page.substring(equals + 1)), origin);
            }
        }
        headerRules("--request-header", setRequestHeaders, "--remove-request-header", removeRequestHeaders,
                local::requestHeader, flags);
        headerRules("--response-header", setResponseHeaders, "--remove-response-header", removeResponseHeaders,
                local::responseHeader, flags);
        if (forceHttps != null) {
            local.forceHttps(forceHttps, flags.origin(forceHttps ? "--force-https" : "--no-force-https"));
        }
        flags.part("--force-https-port", forceHttpsPort, local::forceHttpsPort);
    }

    private static void headerRules(String setFlag, List<String> set, String removeFlag, List<String> remove,
            LocalConfig.HeaderRuleSink sink, Flags flags) {
        Set<String> names = new HashSet<>();
        if (set != null) {
            Origin origin = flags.origin(setFlag);
            for (String header : set) {
                // A value may hold '=' itself (a cookie, a query): the name ends at the first one.
                int equals = header.indexOf('=');
                if (equals <= 0) {
                    throw origin.invalid("'" + header + "' (expected: NAME=VALUE)");
                }
                String name = header.substring(0, equals);
                sink.accept(name, header.substring(equals + 1), origin);
                names.add(name.toLowerCase(Locale.ROOT));
            }
        }
        if (remove != null) {
            Origin origin = flags.origin(removeFlag);
            for (String name : remove) {
                if (names.contains(name.toLowerCase(Locale.ROOT))) {
                    throw origin.problem(name + " is also set with " + setFlag);
                }
                sink.accept(name, null, origin);
            }
        }
    }
}
