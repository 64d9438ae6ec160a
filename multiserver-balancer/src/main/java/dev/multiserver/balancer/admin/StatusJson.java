package dev.multiserver.balancer.admin;

import dev.multiserver.balancer.Backend;
import dev.multiserver.balancer.BackendStatus;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.multiserver.balancer.LoadBalancer;
import dev.multiserver.cache.CacheMetrics;
import java.time.Duration;
import java.util.List;

/**
 * The body of {@code GET /status.json}; its components are the JSON fields, in this order.
 *
 * <pre>
 * {"algorithm": "round-robin", "port": 8080, "activeRequests": 3, "queuedRequests": 0,
 *  "backends": [{"url": "http://10.0.0.2:9001", "id": "Zk3…", "state": "UP", "weight": 1, "inFlight": 2,
 *                "webSockets": 0, "requests": 1042, "errors": 1, "latencyEwmaMs": 3.2, "p50Ms": 2.9, "p99Ms": 11.5}],
 *  "workers": [{"id": "worker-1", "state": "UP", "pid": null, "port": 40123, "url": "http://127.0.0.1:40123",
 *               "restarts": 0, "crashes": 0, "uptimeSeconds": 84.2, "lastError": null}],
 *  "cache": {"hits": 940, "misses": 60, "stale": 2, "bypasses": 41, "stored": 58, "notStored": 2,
 *            "evictions": 0, "bytes": 1048576}}
 * </pre>
 */
record StatusJson(String algorithm, int port, int activeRequests, int queuedRequests, List<BackendJson> backends,
        List<WorkerEndpoints.WorkerJson> workers, @JsonInclude(JsonInclude.Include.NON_NULL) CacheJson cache) {

    static StatusJson of(LoadBalancer balancer) {
        List<BackendJson> backends = balancer.backendStatus().stream().map(BackendJson::of).toList();
        return new StatusJson(String.valueOf(balancer.algorithm()), balancer.port(), balancer.activeRequests(),
                balancer.queuedRequests(), backends, WorkerEndpoints.workers(balancer),
                balancer.cache().map(c -> CacheJson.of(c.metrics())).orElse(null));
    }

    /** The edge cache's counts since it started; null without an edge cache. -1 for what its store cannot tell. */
    record CacheJson(long hits, long misses, long stale, long bypasses, long stored, long notStored, long evictions,
            long bytes) {

        static CacheJson of(CacheMetrics m) {
            return new CacheJson(m.hits(), m.misses(), m.stale(), m.bypasses(), m.stored(), m.notStored(),
                    m.evictions(), m.bytes());
        }
    }

    /** One backend in {@code status.json}, and the body of {@code 201} after {@code POST /backends}. */
    record BackendJson(String url, String id, String state, int weight, int inFlight, int webSockets,
            long requests, long errors, double latencyEwmaMs, double p50Ms, double p99Ms) {

        static BackendJson of(BackendStatus status) {
            Backend backend = status.backend();
            return new BackendJson(urlOf(backend), backend.id(), status.state().name(), backend.weight(),
                    status.inFlight(), status.webSockets(), status.requests(), status.errors(),
                    millis(status.latency()), millis(status.p50()), millis(status.p99()));
        }
    }

    /** {@code http://host:port}, the form the API accepts back; unlike {@code Backend.toString()}, no weight. */
    static String urlOf(Backend backend) {
        return backend.uri().toString();
    }

    /** Milliseconds to the microsecond. */
    private static double millis(Duration duration) {
        return Math.round(duration.toNanos() / 1_000.0) / 1_000.0;
    }
}
