package dev.multiserver.balancer.route;

import java.util.concurrent.CompletionStage;

/**
 * {@link Middleware} that decides later: {@code LoadBalancerBuilder.middlewareAsync(middleware)}. The stage
 * may complete on any thread; it completes with {@code null} to let the request go on, or with a response
 * to answer it with. Header edits must be made before the stage completes.
 *
 * <pre>{@code
 * .middlewareAsync((request, edits) -> tokens.verify(request.header("Authorization"))   // a CompletionStage
 *         .thenApply(user -> {
 *             if (user == null) {
 *                 return LocalResponse.text(403, "forbidden\n");
 *             }
 *             edits.setRequestHeader("X-User", user);
 *             return null;
 *         }))
 * }</pre>
 *
 * <p>A stage that fails makes the client get {@code 500}, and the log a line naming the middleware; one that
 * does not complete within the response timeout, {@code 504}.
 */
@FunctionalInterface
public interface AsyncMiddleware {

    /** Completes with a response to answer {@code request} with, or with {@code null} to let it go on. */
    CompletionStage<LocalResponse> handle(LocalRequest request, HeaderEdits edits);
}
