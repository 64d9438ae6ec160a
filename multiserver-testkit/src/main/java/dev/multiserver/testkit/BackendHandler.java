package dev.multiserver.testkit;

/**
 * Custom behaviour for a {@link TestBackend}, for tests that need more than the query-string script. It is called
 * on the connection's event loop once a request has arrived in full, and must answer through the responder
 * exactly once, from any thread, now or later; it must not block.
 *
 * <pre>{@code
 * AtomicInteger calls = new AtomicInteger();
 * backend.respondWith((request, responder) -> {
 *     if (calls.incrementAndGet() == 1) {
 *         responder.reset();                       // the first attempt fails
 *     } else {
 *         responder.respondAsScripted();           // later ones behave as the query string says
 *     }
 * });
 * }</pre>
 *
 * <p>A handler that never answers leaves the request hanging, which is a way to test timeouts. If it throws
 * before answering, the backend answers {@code 500} with the exception as the body.
 */
@FunctionalInterface
public interface BackendHandler {

    /** Answers {@code request} through {@code responder}. */
    void handle(ReceivedRequest request, Responder responder);
}
