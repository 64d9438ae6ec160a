package dev.multiserver.balancer.cache;

import dev.multiserver.testkit.ReceivedRequest;
import dev.multiserver.testkit.TestBackend;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A test backend whose answers the test sets per path: status, headers and body, or a function of the request.
 * Paths without an answer behave as the testkit's script says.
 */
final class Origin implements AutoCloseable {

    /** One answer. */
    record Answer(int status, HttpHeaders headers, byte[] body) {
        static Answer of(int status, String body, String... headers) {
            HttpHeaders fields = new DefaultHttpHeaders();
            for (int i = 0; i < headers.length; i += 2) {
                fields.add(headers[i], headers[i + 1]);
            }
            return new Answer(status, fields, body.getBytes(StandardCharsets.UTF_8));
        }
    }

    final TestBackend backend;
    private final Map<String, Function<ReceivedRequest, Answer>> answers = new ConcurrentHashMap<>();
    final List<ReceivedRequest> received = new CopyOnWriteArrayList<>();

    Origin(String id) {
        backend = TestBackend.start(id);
        backend.respondWith((request, responder) -> {
            received.add(request);
            String path = request.uri().split("\\?", 2)[0];
            Function<ReceivedRequest, Answer> answer = answers.get(path);
            if (answer == null) {
                responder.respondAsScripted();
                return;
            }
            Answer a = answer.apply(request);
            responder.respond(HttpResponseStatus.valueOf(a.status()), a.headers(), a.body());
        });
    }

    void answer(String path, Answer answer) {
        answers.put(path, request -> answer);
    }

    void answer(String path, Function<ReceivedRequest, Answer> answer) {
        answers.put(path, answer);
    }

    /** How many requests for this path (query ignored) arrived. */
    long requests(String path) {
        return received.stream().filter(r -> r.uri().split("\\?", 2)[0].equals(path)).count();
    }

    String uri() {
        return backend.uri().toString();
    }

    @Override
    public void close() {
        backend.close();
    }
}
