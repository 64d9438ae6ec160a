package dev.multiserver.balancer.admin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.multiserver.balancer.LoadBalancer;
import dev.multiserver.cache.ResponseCache;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /cache/purge} with {@code {"key": "/path?q"}} (every variant of that target) or
 * {@code {"prefix": "/static/"}}: answers {@code {"purged": N}}, what the cache's first tier held. 409 when the
 * balancer has no edge cache; 400 naming the field for a bad body.
 */
final class CacheEndpoints {

    static final String EXPECTED = "{\"key\": \"/path?query\"} or {\"prefix\": \"/static/\"}";
    private static final Logger log = LoggerFactory.getLogger(AdminServer.class);

    private final LoadBalancer balancer;

    CacheEndpoints(LoadBalancer balancer) {
        this.balancer = balancer;
    }

    CompletableFuture<FullHttpResponse> purge(AdminRequest request) {
        ResponseCache cache = balancer.cache().orElseThrow(() -> new AdminError(HttpResponseStatus.CONFLICT,
                "the balancer has no edge cache (expected: --cache, or cache: in the YAML)"));
        JsonNode root = NewBackendBody.tree(request.body(), EXPECTED);
        if (!root.isObject() || root.size() != 1) {
            throw AdminError.badRequest("body: " + root + " (expected: " + EXPECTED + ")");
        }
        Iterator<Map.Entry<String, JsonNode>> fields = root.fields();
        Map.Entry<String, JsonNode> field = fields.next();
        String name = field.getKey();
        if (!name.equals("key") && !name.equals("prefix")) {
            throw AdminError.badRequest("body: unknown field '" + name + "' (expected: key or prefix)");
        }
        JsonNode value = field.getValue();
        if (!value.isTextual() || !value.textValue().startsWith("/")) {
            throw AdminError.badRequest(name + ": " + value + " (expected: a string starting with '/')");
        }
        String target = value.textValue();
        CompletableFuture<Long> purged = name.equals("key") ? cache.purge(target) : cache.purgePrefix(target);
        return purged.handle((count, failure) -> {
            if (failure != null) {
                throw new AdminError(HttpResponseStatus.CONFLICT, "cannot purge " + name + " " + target + ": "
                        + (failure.getCause() != null ? failure.getCause() : failure).getMessage());
            }
            log.info("admin: purged {} entr{} for {} {} (requested by {})", count, count == 1 ? "y" : "ies", name,
                    target, request.remote());
            return AdminResponses.json(HttpResponseStatus.OK, Map.of("purged", count));
        });
    }
}
