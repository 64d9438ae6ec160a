package dev.multiserver.demo;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.util.function.Supplier;

/**
 * Sets {@code X-Worker} on every response to the instance that answers it. A response served from the shared
 * cache carries the header of the instance that generated it; that one is kept out, so the header always tells
 * who answered and the body who generated.
 */
final class WorkerHeaderFilter extends HttpFilter {

    static final String HEADER = "X-Worker";

    private final Supplier<String> workerId;

    WorkerHeaderFilter(Supplier<String> workerId) {
        this.workerId = workerId;
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        response.setHeader(HEADER, workerId.get());
        chain.doFilter(request, new KeepWorkerHeader(response));
    }

    private static final class KeepWorkerHeader extends HttpServletResponseWrapper {

        KeepWorkerHeader(HttpServletResponse response) {
            super(response);
        }

        @Override
        public void setHeader(String name, String value) {
            if (!HEADER.equalsIgnoreCase(name)) {
                super.setHeader(name, value);
            }
        }

        @Override
        public void addHeader(String name, String value) {
            if (!HEADER.equalsIgnoreCase(name)) {
                super.addHeader(name, value);
            }
        }
    }
}
