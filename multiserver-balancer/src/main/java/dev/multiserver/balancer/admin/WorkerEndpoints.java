package dev.multiserver.balancer.admin;

import dev.multiserver.balancer.LoadBalancer;
import dev.multiserver.balancer.worker.WorkerStatus;
import dev.multiserver.balancer.worker.WorkersBuilder;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code GET /workers}, {@code POST /workers/restart} and {@code POST /workers/scale?count=N}. */
final class WorkerEndpoints {

    private static final Logger log = LoggerFactory.getLogger(AdminServer.class);

    private final LoadBalancer balancer;

    WorkerEndpoints(LoadBalancer balancer) {
        this.balancer = balancer;
    }

    /** 200 with every worker; an empty list when the balancer runs none. */
    FullHttpResponse list(AdminRequest request) {
        return AdminResponses.json(HttpResponseStatus.OK, Map.of("workers", workers()));
    }

    /**
     * 202 at once: the rolling restart, or with {@code ?id=worker-2} the restart of that worker, goes on; 404 for
     * an unknown id, 409 when there are no workers or a restart or scale is in progress.
     */
    FullHttpResponse restart(AdminRequest request) {
        String id = request.optionalParam("id", "worker-1");
        try {
            if (id == null) {
                balancer.restartWorkers();
            } else {
                balancer.restartWorker(id);
            }
        } catch (NoSuchElementException e) {
            throw new AdminError(HttpResponseStatus.NOT_FOUND, "query parameter id: " + e.getMessage());
        } catch (IllegalStateException e) {
            throw new AdminError(HttpResponseStatus.CONFLICT, e.getMessage());
        }
        if (id == null) {
            log.info("admin: rolling restart of the workers (requested by {})", request.remote());
            return accepted("rolling restart");
        }
        log.info("admin: restarting {} (requested by {})", id, request.remote());
        return accepted("restart " + id);
    }

    /** 202 at once; 400 for a bad {@code count}, 409 when there are no workers or a restart is in progress. */
    FullHttpResponse scale(AdminRequest request) {
        String text = request.param("count", "3");
        int count;
        try {
            count = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw AdminError.badRequest("query parameter count: '" + text + "' (expected: a number 1-"
                    + WorkersBuilder.MAX_COUNT + ")");
        }
        if (count < 1 || count > WorkersBuilder.MAX_COUNT) {
            throw AdminError.badRequest("query parameter count: " + count + " (expected: 1-" + WorkersBuilder.MAX_COUNT
                    + ")");
        }
        try {
            balancer.scaleWorkers(count);
        } catch (IllegalStateException e) {
            throw new AdminError(HttpResponseStatus.CONFLICT, e.getMessage());
        }
        log.info("admin: scaling to {} worker(s) (requested by {})", count, request.remote());
        return accepted("scale to " + count);
    }

    private FullHttpResponse accepted(String what) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("accepted", what);
        body.put("workers", workers());
        return AdminResponses.json(HttpResponseStatus.ACCEPTED, body);
    }

    private List<WorkerJson> workers() {
        return workers(balancer);
    }

    /** Every worker as {@code GET /workers} and {@code status.json} show it; empty without workers. */
    static List<WorkerJson> workers(LoadBalancer balancer) {
        return balancer.workers().stream().map(WorkerJson::of).toList();
    }

    /** One worker in {@code GET /workers}. */
    record WorkerJson(String id, String state, Long pid, Integer port, String url, int restarts, int crashes,
            double uptimeSeconds, String lastError) {

        static WorkerJson of(WorkerStatus status) {
            return new WorkerJson(status.id(), status.state().name(),
                    status.pid().isPresent() ? status.pid().getAsLong() : null,
                    status.port() == 0 ? null : status.port(),
                    status.port() == 0 ? null : "http://127.0.0.1:" + status.port(),
                    status.restarts(), status.crashes(), status.uptime().toMillis() / 1000.0,
                    status.lastError().orElse(null));
        }
    }
}
