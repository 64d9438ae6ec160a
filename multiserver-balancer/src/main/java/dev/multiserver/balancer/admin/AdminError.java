package dev.multiserver.balancer.admin;

import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * A request the admin API refuses for an expected reason (bad input, unknown backend): becomes a JSON
 * error response with its status. Carries no stack trace; nothing here is a bug.
 */
final class AdminError extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient HttpResponseStatus status;

    AdminError(HttpResponseStatus status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    static AdminError badRequest(String message) {
        return new AdminError(HttpResponseStatus.BAD_REQUEST, message);
    }

    HttpResponseStatus status() {
        return status;
    }
}
