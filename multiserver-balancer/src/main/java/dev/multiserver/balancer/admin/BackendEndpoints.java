package dev.multiserver.balancer.admin;

import dev.multiserver.balancer.Backend;
import dev.multiserver.balancer.BackendStatus;
import dev.multiserver.balancer.LoadBalancer;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.AsciiString;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code POST /backends}, {@code DELETE /backends?url=…} and {@code POST /backends/drain?url=…}. */
final class BackendEndpoints {

    private static final Logger log = LoggerFactory.getLogger(AdminServer.class);
    private static final String URL_EXAMPLE = "http://host:port";

    private final LoadBalancer balancer;

    BackendEndpoints(LoadBalancer balancer) {
        this.balancer = balancer;
    }

    /** 201 with the new backend's status; 400 for a bad body, 409 when it is already in the pool. */
    FullHttpResponse add(AdminRequest request) {
        requireJson(request);
        Backend backend = NewBackendBody.parse(request.body());
        try {
            balancer.addBackend(backend);
        } catch (IllegalArgumentException e) {
            throw new AdminError(HttpResponseStatus.CONFLICT,
                    "backend " + StatusJson.urlOf(backend) + " is already in the pool");
        }
        log.info("admin: added backend {} (requested by {})", backend, request.remote());
        return AdminResponses.json(HttpResponseStatus.CREATED, statusOf(backend));
    }

    /** 204; 400 without a good {@code url} parameter, 404 when it is not in the pool. */
    FullHttpResponse remove(AdminRequest request) {
        Backend backend = backendParam(request);
        try {
            balancer.removeBackend(backend);
        } catch (NoSuchElementException e) {
            throw notInPool(backend);
        }
        log.info("admin: removed backend {} (requested by {})", backend, request.remote());
        return AdminResponses.empty(HttpResponseStatus.NO_CONTENT);
    }

    /** 202 at once, without waiting for the drain; 400 without a good {@code url}, 404 when not in the pool. */
    FullHttpResponse drain(AdminRequest request) {
        Backend backend = backendParam(request);
        try {
            balancer.drainBackend(backend);
        } catch (NoSuchElementException e) {
            throw notInPool(backend);
        }
        log.info("admin: draining backend {} (requested by {})", backend, request.remote());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("url", StatusJson.urlOf(backend));
        body.put("state", BackendStatus.State.DRAINING.name());
        return AdminResponses.json(HttpResponseStatus.ACCEPTED, body);
    }

    /** The backend's status object, or its address and weight if it already left the pool again. */
    private Object statusOf(Backend backend) {
        for (BackendStatus status : balancer.backendStatus()) {
            if (status.backend().equals(backend)) {
                return StatusJson.BackendJson.of(status);
            }
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("url", StatusJson.urlOf(backend));
        body.put("weight", backend.weight());
        return body;
    }

    private static Backend backendParam(AdminRequest request) {
        String url = request.param("url", URL_EXAMPLE);
        try {
            return Backend.of(url);
        } catch (IllegalArgumentException e) {
            throw AdminError.badRequest(e.getMessage());
        }
    }

    /** A body that says it is not JSON (e.g. curl's default form encoding) is refused, not guessed at. */
    private static void requireJson(AdminRequest request) {
        String type = request.header("Content-Type");
        if (type == null) {
            return;
        }
        String mediaType = type.split(";", 2)[0].trim();
        if (!AsciiString.contentEqualsIgnoreCase(mediaType, "application/json")) {
            throw new AdminError(HttpResponseStatus.UNSUPPORTED_MEDIA_TYPE,
                    "Content-Type: '" + type + "' (expected: application/json)");
        }
    }

    private static AdminError notInPool(Backend backend) {
        return new AdminError(HttpResponseStatus.NOT_FOUND,
                "backend " + StatusJson.urlOf(backend) + " is not in the pool");
    }
}
