package dev.multiserver.balancer.admin;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.multiserver.balancer.Backend;
import java.io.IOException;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;

/**
 * Reads the body of {@code POST /backends}, {@code {"url": "http://host:port", "weight": 1}} with the
 * weight optional, strictly: no other fields, no duplicates, no type coercion ({@code "3"} is not a
 * weight). Every refusal is an {@link AdminError} 400 naming the field and what was expected.
 */
final class NewBackendBody {

    static final String EXPECTED = "{\"url\": \"http://host:port\", \"weight\": 1}";

    private static final Set<String> FIELDS = Set.of("url", "weight");
    private static final ObjectReader reader = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build()
            .reader();

    private NewBackendBody() {
    }

    static Backend parse(byte[] body) {
        JsonNode root = tree(body, EXPECTED);
        if (!root.isObject()) {
            String type = root.getNodeType().name().toLowerCase(Locale.ROOT);
            throw AdminError.badRequest("body: a JSON " + type + " (expected: an object like " + EXPECTED + ")");
        }
        for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw AdminError.badRequest("body: unknown field '" + name + "' (expected: url, weight)");
            }
        }
        JsonNode url = root.get("url");
        if (url == null) {
            throw AdminError.badRequest("url: missing (expected: " + EXPECTED + ")");
        }
        if (!url.isTextual()) {
            throw AdminError.badRequest("url: " + url + " (expected: a string like \"http://host:port\")");
        }
        JsonNode weight = root.get("weight");
        if (weight != null && !(weight.isIntegralNumber() && weight.canConvertToInt())) {
            throw AdminError.badRequest("weight: " + weight + " (expected: an integer 1-1000)");
        }
        try {
            Backend backend = Backend.of(url.textValue());
            return weight == null ? backend : backend.withWeight(weight.intValue());
        } catch (IllegalArgumentException e) {
            throw AdminError.badRequest(e.getMessage());
        }
    }

    /** The one JSON value of a request body; 400 naming what is wrong, with {@code expected} as the example. */
    static JsonNode tree(byte[] body, String expected) {
        if (body.length == 0) {
            throw AdminError.badRequest("body: empty (expected: " + expected + ")");
        }
        try (JsonParser parser = reader.createParser(body)) {
            JsonNode root = reader.readTree(parser);
            if (root == null || root.isMissingNode()) {
                throw AdminError.badRequest("body: no JSON value (expected: " + expected + ")");
            }
            if (parser.nextToken() != null) {
                throw AdminError.badRequest("body: more than one JSON value (expected: " + expected + ")");
            }
            return root;
        } catch (JacksonException e) {
            throw AdminError.badRequest("body: not valid JSON: " + e.getOriginalMessage() + " (expected: "
                    + expected + ")");
        } catch (IOException e) {
            throw AdminError.badRequest("body: unreadable: " + e.getMessage());
        }
    }
}
