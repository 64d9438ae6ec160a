package dev.multiserver.servlet;

import static java.util.Objects.requireNonNull;

import dev.multiserver.session.SessionStore;
import dev.multiserver.session.SessionStoreException;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the {@link jakarta.servlet.http.HttpSession} of every instance of an application in one shared
 * {@link SessionStore}, so any instance can serve any request. Register it first, before anything that may use
 * the session. Plain Jetty 12:
 *
 * <pre>{@code
 * SessionStore store = SessionStores.open("redis://10.0.0.5:6379");
 * ServletContextHandler context = new ServletContextHandler();   // no SESSIONS: this filter replaces them
 * context.addFilter(new FilterHolder(SessionSyncFilter.builder(store)
 *         .codec(SessionValueCodec.builder().allowPackages("com.example.shop").build())
 *         .build()), "/*", EnumSet.of(DispatcherType.REQUEST));
 * }</pre>
 *
 * <p>Spring Boot:
 *
 * <pre>{@code
 * @Bean(destroyMethod = "close")
 * SessionStore sessionStore() {
 *     return SessionStores.open("redis://10.0.0.5:6379");
 * }
 *
 * @Bean
 * FilterRegistrationBean<SessionSyncFilter> sessionSyncFilter(SessionStore store) {
 *     var registration = new FilterRegistrationBean<>(SessionSyncFilter.builder(store).build());
 *     registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
 *     return registration;
 * }
 * }</pre>
 *
 * <p>In {@code web.xml}, the filter opens the store itself from init-params, and closes it on {@link #destroy()}:
 * {@code store} (required: a URI for {@link dev.multiserver.session.SessionStores#open}), {@code storeTimeoutMillis},
 * {@code namespace}, {@code allowPackages} (comma-separated), {@code cookieName}, {@code maxInactiveInterval}
 * and {@code touchInterval} (seconds), {@code mutationSaving} and {@code onStoreFailure} (enum constant names).
 * A store passed to {@link #builder} is the caller's to close.
 *
 * <p>What it does:
 * <ul>
 *   <li>Nothing is read from the store until the application asks for the session; a request that never does
 *       costs nothing and sets no cookie.</li>
 *   <li>Attribute values are JSON ({@link dev.multiserver.session.SessionValueCodec}): {@code setAttribute}
 *       refuses a value the codec cannot store with its {@link dev.multiserver.session.SessionValueException}.
 *       Only changed attributes are written, so two concurrent requests that set different attributes both
 *       persist; for one attribute, the last write wins.</li>
 *   <li>Changes are written before the response is committed (its first byte, a flush, a redirect, an error)
 *       and again at the end for what changed after that, so a redirect followed at once by a request to
 *       another instance sees them.</li>
 *   <li>The cookie ({@code MSSESSION}, {@code Path=/; HttpOnly; SameSite=Lax}, {@code Secure} over HTTPS or
 *       with {@code X-Forwarded-Proto: https}) holds a random 192-bit URL-safe id. An unknown, expired or
 *       malformed id starts a new session. {@code changeSessionId()} and {@code invalidate()} work as in the
 *       Servlet specification.</li>
 *   <li>A failing store answers 503 or lets the request proceed without a session ({@link StoreFailureMode}),
 *       with one WARN line naming the store.</li>
 * </ul>
 *
 * <p>Asynchronous requests ({@code startAsync()}) keep these guarantees for what they write through the
 * {@code AsyncContext}'s response, and save what is left when they complete.
 *
 * <p>Map it to the {@code REQUEST} dispatch, and also to {@code ERROR}, {@code FORWARD} or {@code ASYNC} when
 * what those dispatch to uses the session.
 *
 * <p>Known limits: the container's session listeners ({@code HttpSessionListener},
 * {@code HttpSessionAttributeListener}, {@code HttpSessionBindingListener}) are not called; ids travel only in
 * the cookie, never in URLs; {@code getLastAccessedTime()} is the last access written, which touch throttling
 * may hold back by up to {@link SessionSyncFilterBuilder#touchInterval}.
 */
public final class SessionSyncFilter implements Filter {

    private static final Logger log = LoggerFactory.getLogger(SessionSyncFilter.class);
    private static final String SESSIONS = RequestSessions.class.getName();
    private static final byte[] UNAVAILABLE = "503 Service Unavailable: sessions cannot be reached; please try again"
            .concat("\n").getBytes(StandardCharsets.UTF_8);

    private SessionSettings settings;
    private SessionCookies cookies;
    private final SessionIds ids = new SessionIds();
    private final DistinctWarnings warnings = new DistinctWarnings(log);

    /** For {@code web.xml}: the settings come from the init-params in {@link #init(FilterConfig)}. */
    public SessionSyncFilter() {
    }

    SessionSyncFilter(SessionSettings settings) {
        use(settings);
    }

    /** A builder of a filter that keeps sessions in {@code store}; the caller closes the store. */
    public static SessionSyncFilterBuilder builder(SessionStore store) {
        return new SessionSyncFilterBuilder(requireNonNull(store, "store"), false);
    }

    @Override
    public void init(FilterConfig config) throws ServletException {
        if (settings == null) {
            use(InitParams.read(config));
        }
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (!(request instanceof HttpServletRequest httpRequest)
                || !(response instanceof HttpServletResponse httpResponse)) {
            chain.doFilter(request, response);
            return;
        }
        if (settings == null) {
            throw new ServletException("SessionSyncFilter: init(FilterConfig) was not called, so there is no store");
        }
        RequestSessions sessions = (RequestSessions) request.getAttribute(SESSIONS);
        if (sessions != null) {
            // a forward, include, error or async dispatch of a request this filter has seen: the same session;
            // its writes save through the wrappers, and the first pass answers for failures and the end
            SyncResponse syncResponse = new SyncResponse(httpResponse, sessions);
            chain.doFilter(new SyncRequest(httpRequest, syncResponse, sessions), syncResponse);
            return;
        }
        sessions = new RequestSessions(settings, ids, cookies, warnings, httpRequest, httpResponse);
        request.setAttribute(SESSIONS, sessions);
        SyncResponse syncResponse = new SyncResponse(httpResponse, sessions);
        SyncRequest syncRequest = new SyncRequest(httpRequest, syncResponse, sessions);
        try {
            chain.doFilter(syncRequest, syncResponse);
        } catch (IOException | ServletException | RuntimeException e) {
            if (sessions.failure() == null) {
                // what the application changed before it failed is still its session
                sessions.completeQuietly();
                throw e;
            }
        }
        if (sessions.failure() == null && syncRequest.isAsyncStarted()) {
            // the response belongs to the asynchronous part now; it saves again when it completes
            sessions.completeQuietly();
            return;
        }
        if (sessions.failure() == null) {
            try {
                sessions.complete();
            } catch (SessionStoreException e) {
                // recorded as the failure; answered below
            }
        }
        if (sessions.failure() != null) {
            unavailable(httpRequest, httpResponse, sessions.failure());
        }
    }

    @Override
    public void destroy() {
        if (settings != null && settings.ownsStore()) {
            settings.store().close();
        }
    }

    @Override
    public String toString() {
        return settings == null ? "SessionSyncFilter(not initialized)"
                : "SessionSyncFilter(" + settings.store().uri() + ", cookie " + settings.cookieName() + ")";
    }

    SessionSettings settings() {
        return settings;
    }

    private void use(SessionSettings settings) {
        this.settings = settings;
        this.cookies = new SessionCookies(settings.cookieName());
    }

    private static void unavailable(HttpServletRequest request, HttpServletResponse response,
            SessionStoreException failure) throws IOException {
        if (response.isCommitted()) {
            log.warn("{} (the response to {} {} was already committed)", failure.getMessage(), request.getMethod(),
                    request.getRequestURI());
            return;
        }
        log.warn("{} (answering 503 to {} {})", failure.getMessage(), request.getMethod(), request.getRequestURI());
        response.reset();
        response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
        response.setContentType("text/plain;charset=utf-8");
        response.setHeader("Cache-Control", "no-store");
        response.setContentLength(UNAVAILABLE.length);
        try {
            response.getOutputStream().write(UNAVAILABLE);
        } catch (IllegalStateException writerInUse) {
            response.getWriter().write(new String(UNAVAILABLE, StandardCharsets.UTF_8));
        }
    }
}
