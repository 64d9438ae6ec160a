package dev.multiserver.cache;

import static java.util.Objects.requireNonNull;

/**
 * A background refresh of a stale entry (stale-while-revalidate): the front-end sends {@code request} upstream after
 * serving the stale copy, and feeds the exchange to {@code admission} as for a {@link CacheDecision.Forward}; no
 * client waits for it, so the response's {@link ResponseStart#clientHeaders()} and replacement are not used.
 *
 * <pre>{@code
 * serve.background().ifPresent(r -> upstream.send(r.request(), r.admission()));
 * }</pre>
 *
 * @param request the conditional request to send upstream
 * @param admission where the upstream response goes
 */
public record Revalidation(CacheRequest request, Admission admission) {

    public Revalidation {
        requireNonNull(request, "request");
        requireNonNull(admission, "admission");
    }
}
