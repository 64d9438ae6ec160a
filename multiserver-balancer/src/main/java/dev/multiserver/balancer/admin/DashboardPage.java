package dev.multiserver.balancer.admin;

import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * The live dashboard: one static HTML page (inline CSS and JavaScript, nothing fetched from elsewhere) that polls
 * {@code status.json} every second. It holds no data itself, which is why it is served without the token; the
 * page asks for the token when {@code status.json} answers 401.
 */
final class DashboardPage {

    private static final String RESOURCE = "dashboard.html";

    private final byte[] html;
    private final String contentSecurityPolicy;

    private DashboardPage(byte[] html, String contentSecurityPolicy) {
        this.html = html;
        this.contentSecurityPolicy = contentSecurityPolicy;
    }

    static DashboardPage load() {
        try (InputStream in = DashboardPage.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("resource " + RESOURCE + " missing next to " + DashboardPage.class);
            }
            byte[] html = in.readAllBytes();
            return new DashboardPage(html, policyFor(new String(html, StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    /**
     * Only this page's own script runs (by its hash), it may talk to this server only, and no other site may frame
     * it: its buttons drain and remove backends.
     */
    private static String policyFor(String html) {
        int start = html.indexOf("<script>");
        int end = html.indexOf("</script>", start);
        if (start < 0 || end < 0 || html.indexOf("<script", end) >= 0) {
            throw new IllegalStateException(RESOURCE + ": expected exactly one inline <script>");
        }
        String script = html.substring(start + "<script>".length(), end);
        return "default-src 'none'; script-src 'sha256-" + sha256(script) + "'; style-src 'unsafe-inline'; "
                + "connect-src 'self'; img-src 'self' data:; form-action 'none'; base-uri 'none'; "
                + "frame-ancestors 'none'";
    }

    private static String sha256(String text) {
        try {
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    FullHttpResponse response() {
        FullHttpResponse response = AdminResponses.of(HttpResponseStatus.OK, AdminResponses.HTML, html);
        response.headers()
                .set("Content-Security-Policy", contentSecurityPolicy)
                .set("X-Frame-Options", "DENY")
                .set("Referrer-Policy", "no-referrer");
        return response;
    }
}
