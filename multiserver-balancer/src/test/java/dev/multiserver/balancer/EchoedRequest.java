package dev.multiserver.balancer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** What the test backend says it received, parsed from its JSON answer. */
record EchoedRequest(String backend, String method, String uri, String version, List<String[]> headers,
        long bodyLength, String bodySha256) {

    private static final ObjectMapper JSON = new ObjectMapper();

    static EchoedRequest parse(String json) {
        try {
            JsonNode node = JSON.readTree(json);
            List<String[]> headers = new ArrayList<>();
            for (JsonNode pair : node.get("headers")) {
                headers.add(new String[] {pair.get(0).asText(), pair.get(1).asText()});
            }
            return new EchoedRequest(node.get("backend").asText(), node.get("method").asText(),
                    node.get("uri").asText(), node.get("version").asText(), headers,
                    node.get("bodyLength").asLong(), node.path("bodySha256").asText());
        } catch (IOException e) {
            throw new UncheckedIOException("not the test backend's JSON: " + json, e);
        }
    }

    List<String> headers(String name) {
        List<String> values = new ArrayList<>();
        for (String[] h : headers) {
            if (h[0].equalsIgnoreCase(name)) {
                values.add(h[1]);
            }
        }
        return values;
    }

    String header(String name) {
        List<String> values = headers(name);
        return values.isEmpty() ? null : values.get(0);
    }
}
