package dev.multiserver.demo;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code GET /}: the page a newcomer opens through the balancer. Reloading it shows another worker with the same
 * session; the chat reaches the tabs on every worker. Plain HTML and a little inline script, no build step.
 */
final class HomeServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private final transient Supplier<String> workerId;

    HomeServlet(Supplier<String> workerId) {
        this.workerId = workerId;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        StringBuilder rows = new StringBuilder();
        for (Map.Entry<String, Object> attribute : SessionServlet.attributes(request.getSession(false)).entrySet()) {
            rows.append("<tr><td>").append(Html.escape(attribute.getKey())).append("</td><td>")
                    .append(Html.escape(String.valueOf(attribute.getValue()))).append("</td></tr>\n");
        }
        String session = rows.length() == 0 ? "<p><i>The session is empty.</i></p>"
                : "<table><tr><th>key</th><th>value</th></tr>\n" + rows + "</table>";
        byte[] page = PAGE.replace("{worker}", Html.escape(workerId.get())).replace("{session}", session)
                .getBytes(StandardCharsets.UTF_8);
        JsonResponses.notStored(response);
        response.setContentType("text/html");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.setContentLength(page.length);
        response.getOutputStream().write(page);
    }

    private static final String PAGE = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <title>multiserver demo: {worker}</title>
            <style>
              body { font-family: system-ui, sans-serif; max-width: 46rem; margin: 2rem auto; padding: 0 1rem; }
              .worker { font-size: 1.6rem; font-weight: bold; color: #0a58ca; }
              table { border-collapse: collapse; } td, th { border: 1px solid #ccc; padding: .2rem .6rem; }
              #log { height: 12rem; overflow-y: auto; border: 1px solid #ccc; padding: .4rem; font-family: monospace; }
            </style>
            </head>
            <body>
            <h1>multiserver demo</h1>
            <p>This page was answered by <span class="worker" id="worker">{worker}</span>.
              Reload it: the balancer sends you to another worker, and the session follows.</p>

            <h2>Session</h2>
            {session}
            <form id="set">
              <input name="key" placeholder="key" required> <input name="value" placeholder="value">
              <button>Set</button>
            </form>
            <p><a href="#" id="clear">Clear the session</a></p>

            <h2>Chat</h2>
            <p>Open this page in another tab or browser: messages reach everyone in the room, whatever worker
              they are on. Room: <b id="room">lobby</b></p>
            <div id="log"></div>
            <form id="chat"><input id="text" placeholder="say something" size="40" autocomplete="off">
              <button>Send</button></form>

            <script>
            document.getElementById('set').addEventListener('submit', async (event) => {
              event.preventDefault();
              await fetch('/api/session', { method: 'POST', body: new URLSearchParams(new FormData(event.target)) });
              location.reload();
            });
            document.getElementById('clear').addEventListener('click', async (event) => {
              event.preventDefault();
              await fetch('/api/session', { method: 'DELETE' });
              location.reload();
            });
            const room = new URLSearchParams(location.search).get('room') || 'lobby';
            document.getElementById('room').textContent = room;
            const log = document.getElementById('log');
            function show(line) {
              const div = document.createElement('div');
              div.textContent = line;
              log.appendChild(div);
              log.scrollTop = log.scrollHeight;
            }
            const scheme = location.protocol === 'https:' ? 'wss://' : 'ws://';
            const socket = new WebSocket(scheme + location.host + '/ws/chat?room=' + encodeURIComponent(room));
            socket.onopen = () => show('* connected to ' + room);
            socket.onclose = (event) => show('* disconnected (' + event.code + (event.reason ? ': ' + event.reason : '') + ')');
            socket.onmessage = (event) => {
              const message = JSON.parse(event.data);
              show('[' + message.from + '] ' + message.text);
            };
            document.getElementById('chat').addEventListener('submit', (event) => {
              event.preventDefault();
              const text = document.getElementById('text');
              if (text.value && socket.readyState === WebSocket.OPEN) {
                socket.send(text.value);
                text.value = '';
              }
            });
            </script>
            </body>
            </html>
            """;
}
