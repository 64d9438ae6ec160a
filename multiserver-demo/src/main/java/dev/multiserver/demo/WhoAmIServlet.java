package dev.multiserver.demo;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.eclipse.jetty.server.ServerConnector;

/** {@code GET /api/whoami}: {@code {"worker": "...", "pid": N, "port": N}}. */
final class WhoAmIServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final long PID = ProcessHandle.current().pid();

    private final transient Supplier<String> workerId;
    private final transient ServerConnector connector;

    WhoAmIServlet(Supplier<String> workerId, ServerConnector connector) {
        this.workerId = workerId;
        this.connector = connector;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Map<String, Object> me = new LinkedHashMap<>();
        me.put("worker", workerId.get());
        me.put("pid", PID);
        me.put("port", connector.getLocalPort());
        JsonResponses.notStored(response);
        JsonResponses.write(response, HttpServletResponse.SC_OK, me);
    }
}
