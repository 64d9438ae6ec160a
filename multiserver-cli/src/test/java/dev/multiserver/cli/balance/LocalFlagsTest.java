package dev.multiserver.cli.balance;

import static dev.multiserver.cli.balance.Checks.error;
import static dev.multiserver.cli.balance.Checks.errorWithBackend;
import static dev.multiserver.cli.balance.Checks.valid;
import static dev.multiserver.cli.balance.Checks.validWithBackend;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Local routes, error pages, header rules and forceHttps from YAML and flags, as --check reports them. */
class LocalFlagsTest {

    @TempDir
    Path dir;
    private Path page502;
    private Path page503;
    private int files;

    @BeforeEach
    void pages() throws IOException {
        page502 = Files.writeString(dir.resolve("502.html"), "<h1>bad gateway</h1>");
        page503 = Files.writeString(dir.resolve("503.json"), "{\"down\": true}");
    }

    private Path config(String yaml) throws IOException {
        return Files.writeString(dir.resolve("lb" + files++ + ".yaml"), "backends: [http://127.0.0.1:9001]\n" + yaml);
    }

    @Test
    void nothingIsShownWhenNothingIsAnsweredLocally() {
        assertThat(validWithBackend()).noneMatch(line -> line.contains("local routes") || line.contains("error pages")
                || line.contains("header rules") || line.contains("force https"));
    }

    @Test
    void theConfigFilesRoutesPagesHeaderRulesAndForceHttpsAreShown() throws IOException {
        Path favicon = Files.write(dir.resolve("favicon.ico"), new byte[] {0, 1, 2});
        Path config = config("""
                routes:
                  - path: /healthz
                    body: ok
                  - method: '*'
                    path: /old/*
                    redirect: https://example.com/new
                    status: 301
                  - path: /favicon.ico
                    file: %s
                    headers: {Cache-Control: max-age=86400}
                  - method: delete
                    path: /nothing
                    status: 204
                errorPages:
                  502: %s
                  503: %s
                headers:
                  request: {set: {X-From: balancer, X-Count: 3}, remove: [X-Debug]}
                  response: {set: {X-Frame-Options: DENY}, remove: [Server]}
                forceHttps: {port: 8443}
                """.formatted(favicon, page502, page503));

        assertThat(valid("--config", config.toString())).contains(
                "  local routes: GET /healthz -> 200, * /old/* -> 301 https://example.com/new, GET /favicon.ico -> 200, "
                        + "DELETE /nothing -> 204",
                "  error pages: 502 " + page502 + " (text/html; charset=utf-8), 503 " + page503 + " (application/json)",
                "  header rules: set request header X-From, set request header X-Count, remove request header X-Debug, "
                        + "set response header X-Frame-Options, remove response header Server",
                "  force https: plain HTTP redirected to https on port 8443");
    }

    @Test
    void flagsSetPagesHeaderRulesAndForceHttpsAndReplaceTheFilesForTheSameStatusOrName() throws IOException {
        Path other = Files.writeString(dir.resolve("other.txt"), "other");
        Path config = config("""
                errorPages: {502: %s, 503: %s}
                headers:
                  response: {set: {X-Frame-Options: DENY}}
                forceHttps: true
                """.formatted(page502, page503));

        assertThat(valid("--config", config.toString(), "--error-page", "503=" + other, "--response-header",
                "x-frame-options=SAMEORIGIN", "--remove-request-header", "Cookie", "--request-header", "X-A=b=c",
                "--force-https-port", "9443")).contains(
                "  error pages: 502 " + page502 + " (text/html; charset=utf-8), 503 " + other
                        + " (text/plain; charset=utf-8)",
                "  header rules: set request header X-A, remove request header Cookie, "
                        + "set response header x-frame-options",
                "  force https: plain HTTP redirected to https on port 9443");
        assertThat(valid("--config", config.toString(), "--no-force-https"))
                .noneMatch(line -> line.contains("force https"));
        assertThat(validWithBackend("--force-https")).contains("  force https: plain HTTP redirected to https on port "
                + "443");
    }

    @Test
    void aMissingPageFileNamesTheKeyAndTheFile() throws IOException {
        Path missing = dir.resolve("pages/503.html");

        assertThat(error("--config", config("errorPages: {503: " + missing + "}\n").toString()))
                .endsWith(": errorPages.503: " + missing + ": no such file");
        assertThat(errorWithBackend("--error-page", "503=" + missing))
                .isEqualTo("--error-page: " + missing + ": no such file");
        assertThat(error("--config", config("routes: [{path: /x, file: " + missing + "}]\n").toString()))
                .endsWith(": routes[0].file: " + missing + ": no such file");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            routes: /healthz                              | routes: expected a list of routes
            routes: [{body: ok}]                          | routes[0]: path: is missing
            routes: [{path: healthz}]                     | routes[0]: pattern 'healthz' (expected: a path starting with /)
            routes: [{path: /a, bdy: x}]                  | routes[0]: unknown key 'bdy' (known keys: method, path, status, body, file, contentType, headers, redirect)
            routes: [{path: /a}, {path: /a}]              | routes[1]: GET /a matches the same requests as GET /a (expected: each method and path once)
            routes: [{path: /a, body: x, redirect: /b}]   | routes[0]: give one of body:, file: and redirect: (found body: and redirect:)
            routes: [{path: /a, redirect: /b, status: 200}] | routes[0]: redirect status: 200 (expected: 301, 302, 303, 307 or 308)
            routes: [{path: /a, status: 204, body: x}]    | routes[0]: status: 204 has no body
            routes: [{path: /a, status: 99}]              | routes[0]: status: 99 (expected: 200-599)
            routes: [{path: /a, body: x, headers: {Content-Length: 1}}] | routes[0]: header: Content-Length is set by the balancer
            routes: [{path: /a, method: 'G T'}]           | routes[0]: method 'G T' (expected: GET, POST, … or * for any)
            errorPages: {500: x.html}                     | errorPages: unknown key '500' (known keys: 502, 503, 504)
            errorPages: [x.html]                          | errorPages: expected a mapping with 502, 503, 504; found a list
            headers: {request: {set: {'X A': b}}}         | headers.request.set.X A: 'X A' (expected: a header name
            headers: {response: {remove: [Connection]}}   | headers.response.remove[0]: Connection is set by the balancer
            headers: {response: {set: {X-A: b}, remove: [x-a]}} | headers.response.remove[0]: x-a is also under set:
            headers: {reqest: {}}                         | headers: unknown key 'reqest' (known keys: request, response)
            forceHttps: yes please                        | forceHttps: 'yes please' is not true or false
            forceHttps: {port: 0}                         | forceHttps.port: 0 (expected: 1-65535)
            """)
    void aBadValueNamesTheFileAndTheKey(String yaml, String message) throws IOException {
        Path config = config(yaml + "\n");

        assertThat(error("--config", config.toString())).startsWith(config + ": " + message);
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', textBlock = """
            --error-page            | 503                 | Invalid value for option '--error-page': '503' (expected: STATUS=FILE, e.g. 503=pages/503.html)
            --request-header        | X-A                 | Invalid value for option '--request-header': 'X-A' (expected: NAME=VALUE)
            --request-header        | X A=b               | Invalid value for option '--request-header': 'X A' (expected: a header name
            --response-header       | Content-Length=1    | Invalid value for option '--response-header': Content-Length is set by the balancer
            --remove-request-header | Transfer-Encoding   | Invalid value for option '--remove-request-header': Transfer-Encoding is set by the balancer
            --force-https-port      | 70000               | Invalid value for option '--force-https-port': 70000 (expected: 1-65535)
            """)
    void aBadFlagNamesIt(String flag, String value, String message) {
        assertThat(errorWithBackend(flag, value)).startsWith(message);
    }

    @Test
    void onlyTheBalancersOwnErrorsHavePages() {
        assertThat(errorWithBackend("--error-page", "500=" + page502)).isEqualTo("Invalid value for option "
                + "'--error-page': status 500 (expected: 502, 503 or 504; a backend's own responses pass through "
                + "unchanged)");
    }

    @Test
    void forceHttpsCannotBeCombinedWithTls() {
        assertThat(errorWithBackend("--force-https", "--self-signed")).isEqualTo("--force-https: cannot be combined "
                + "with TLS: every request arrives over HTTPS (expected: --redirect-http PORT, or tls.redirectHttp, "
                + "to redirect plain HTTP to it)");
        assertThat(errorWithBackend("--no-force-https", "--force-https-port", "8443"))
                .isEqualTo("--force-https-port: has no effect with forceHttps off (--no-force-https)");
    }

    /** ROUTES.md's examples name page files: they are made here, and the examples pointed at them. */
    @Test
    void everyYamlExampleOfTheRoutesDocumentIsValid() throws IOException {
        Matcher blocks = Pattern.compile("```yaml\\n(.*?)```", Pattern.DOTALL)
                .matcher(Files.readString(Path.of("../docs/ROUTES.md")));
        Pattern file = Pattern.compile("(?m)^(\\s*(?:file|\\d{3}):\\s+)([\\w./-]+)");
        int checked = 0;
        while (blocks.find()) {
            StringBuilder yaml = new StringBuilder();
            Matcher files = file.matcher(blocks.group(1));
            while (files.find()) {
                Path made = dir.resolve("example" + checked).resolve(files.group(2));
                Files.createDirectories(made.getParent());
                Files.writeString(made, "page");
                files.appendReplacement(yaml, Matcher.quoteReplacement(files.group(1) + made));
            }
            files.appendTail(yaml);

            assertThat(valid("--config", Files.writeString(dir.resolve("routes" + checked + ".yaml"), yaml)
                    .toString())).as("example " + checked + ":\n" + yaml).first().asString()
                    .startsWith("balance: settings are valid");
            checked++;
        }
        assertThat(checked).as("YAML examples in ROUTES.md").isPositive();
    }

    @Test
    void aSetAndARemoveOfOneHeaderOnTheCommandLineConflict() {
        assertThat(errorWithBackend("--response-header", "Server=lb", "--remove-response-header", "server"))
                .isEqualTo("--remove-response-header: server is also set with --response-header");
    }
}
