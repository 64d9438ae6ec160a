package dev.multiserver.cache;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * Plays a front-end and the server behind it, the way the filter and the edge cache drive the engine: forwards
 * what the cache says to forward to a scripted origin, streams the body in chunks through the recorder, and
 * returns what the client would receive.
 */
final class Origin {

    /** What the origin answers. */
    record Reply(int status, CacheHeaders headers, byte[] body) {
        static Reply of(int status, String body, String... headers) {
            return new Reply(status, CacheHeaders.of(headers), body.getBytes(UTF_8));
        }
    }

    /** What the client received, and how. */
    record Received(int status, CacheHeaders headers, String body, CacheStatus cacheStatus) {
        String header(String name) {
            return headers.first(name).orElse(null);
        }
    }

    private final ResponseCache cache;
    private volatile Function<CacheRequest, Reply> script;
    final List<CacheRequest> upstream = new CopyOnWriteArrayList<>();

    Origin(ResponseCache cache, Function<CacheRequest, Reply> script) {
        this.cache = cache;
        this.script = script;
    }

    void answer(Function<CacheRequest, Reply> newScript) {
        this.script = newScript;
    }

    void answer(Reply reply) {
        this.script = request -> reply;
    }

    Received get(String target, String... headers) {
        return send(new CacheRequest("GET", target, CacheHeaders.of(headers)));
    }

    Received send(CacheRequest request) {
        return play(cache.decide(request).join());
    }

    /** Drives one decision to the end, as a front-end would. */
    Received play(CacheDecision decision) {
        if (decision instanceof CacheDecision.Serve serve) {
            serve.background().ifPresent(this::revalidate);
            CachedResponse response = serve.response();
            return new Received(response.status(), response.headers(), new String(response.body(), UTF_8),
                    serve.status());
        }
        CacheDecision.Forward forward = (CacheDecision.Forward) decision;
        upstream.add(forward.upstreamRequest());
        Reply reply = script.apply(forward.upstreamRequest());
        if (reply.status() == 0 || reply.status() >= 500) {
            Optional<CachedResponse> stale = forward.admission().onError(reply.status());
            if (stale.isPresent()) {
                return new Received(stale.get().status(), stale.get().headers(),
                        new String(stale.get().body(), UTF_8), CacheStatus.STALE);
            }
            return new Received(reply.status() == 0 ? 502 : reply.status(), reply.headers(),
                    new String(reply.body(), UTF_8), forward.status());
        }
        ResponseStart start = forward.admission().onResponse(reply.status(), reply.headers());
        if (start.replacement().isPresent()) {
            CachedResponse response = start.replacement().get();
            return new Received(response.status(), response.headers(), new String(response.body(), UTF_8),
                    CacheStatus.HIT);
        }
        start.recorder().ifPresent(recorder -> {
            for (ByteBuffer chunk : chunks(reply.body())) {
                recorder.append(chunk);
            }
            recorder.complete();
        });
        boolean head = forward.upstreamRequest().method().equals("HEAD");
        return new Received(reply.status(), start.clientHeaders(), head ? "" : new String(reply.body(), UTF_8),
                forward.status());
    }

    private void revalidate(Revalidation revalidation) {
        upstream.add(revalidation.request());
        Reply reply = script.apply(revalidation.request());
        if (reply.status() == 0 || reply.status() >= 500) {
            revalidation.admission().onError(reply.status());
            return;
        }
        ResponseStart start = revalidation.admission().onResponse(reply.status(), reply.headers());
        start.recorder().ifPresent(recorder -> {
            for (ByteBuffer chunk : chunks(reply.body())) {
                recorder.append(chunk);
            }
            recorder.complete();
        });
    }

    private static List<ByteBuffer> chunks(byte[] body) {
        List<ByteBuffer> chunks = new ArrayList<>();
        for (int offset = 0; offset < body.length; offset += 7) {
            chunks.add(ByteBuffer.wrap(body, offset, Math.min(7, body.length - offset)));
        }
        return chunks;
    }
}
