package dev.multiserver.testkit;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Map;

/**
 * The test backend's default response body, a JSON description of the request it received:
 * {@code {"backend":"b1","method":"GET","uri":"/x?y=1","version":"HTTP/1.1","headers":[["Host","…"]],
 * "bodyLength":0,"bodySha256":"e3b0…"}}.
 */
final class RequestJson {

    private static final JsonFactory JSON = new JsonFactory();

    private RequestJson() {}

    static byte[] describe(String backendId, ReceivedRequest request) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("backend", backendId);
            json.writeStringField("method", request.method());
            json.writeStringField("uri", request.uri());
            json.writeStringField("version", request.version());
            json.writeArrayFieldStart("headers");
            Iterator<Map.Entry<String, String>> headers = request.headers().iteratorAsString();
            while (headers.hasNext()) {
                Map.Entry<String, String> header = headers.next();
                json.writeStartArray();
                json.writeString(header.getKey());
                json.writeString(header.getValue());
                json.writeEndArray();
            }
            json.writeEndArray();
            json.writeNumberField("bodyLength", request.bodyLength());
            json.writeStringField("bodySha256", request.bodySha256());
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot describe " + request + " as JSON", e);
        }
        return out.toByteArray();
    }
}
