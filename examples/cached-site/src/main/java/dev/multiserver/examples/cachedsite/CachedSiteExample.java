package dev.multiserver.examples.cachedsite;

import dev.multiserver.balancer.LoadBalancer;
import dev.multiserver.cache.ResponseCache;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.ResourceService;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ResourceHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.resource.ResourceFactory;

/**
 * A static site behind the balancer's edge cache: the balancer answers repeat requests from its memory, and the
 * site sees each page once per freshness lifetime ({@code Cache-Control: public, max-age=60}). The scenario of
 * angel_multiserver's {@code cacheResponses}.
 *
 * <pre>{@code
 * try (CachedSiteExample example = CachedSiteExample.start(8080)) {
 *     // curl -si localhost:8080/ twice: X-Cache: MISS, then HIT
 * }
 * }</pre>
 */
public final class CachedSiteExample implements AutoCloseable {

    private final Server site;
    private final LoadBalancer balancer;
    private final AtomicLong siteRequests;

    private CachedSiteExample(Server site, LoadBalancer balancer, AtomicLong siteRequests) {
        this.site = site;
        this.balancer = balancer;
        this.siteRequests = siteRequests;
    }

    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 8080;
        try (CachedSiteExample example = start(port)) {
            System.out.println("cached site: http://localhost:" + example.port() + "/ (the site itself on port "
                    + example.sitePort() + "); curl -si it twice: X-Cache: MISS, then HIT. Ctrl-C stops it.");
            example.balancer.awaitStop();
        }
    }

    /** Starts the site on a free loopback port and the balancer with an edge cache on {@code port} (0: any). */
    public static CachedSiteExample start(int port) throws Exception {
        AtomicLong siteRequests = new AtomicLong();
        Server site = new Server(new InetSocketAddress("127.0.0.1", 0));
        ResourceHandler files = new ResourceHandler();
        files.setBaseResource(ResourceFactory.of(site).newClassLoaderResource("site"));
        files.setWelcomeFiles("index.html");
        files.setWelcomeMode(ResourceService.WelcomeMode.SERVE);
        files.setCacheControl("public, max-age=60");
        site.setHandler(new Handler.Wrapper(files) {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                siteRequests.incrementAndGet();
                return super.handle(request, response, callback);
            }
        });
        site.start();
        int sitePort = ((ServerConnector) site.getConnectors()[0]).getLocalPort();
        try {
            LoadBalancer balancer = LoadBalancer.builder()
                    .port(port)
                    .backend("http://127.0.0.1:" + sitePort)
                    .cache(ResponseCache.builder().build())   // in memory; every GET is cached as RFC 9111 allows
                    .build()
                    .start();
            return new CachedSiteExample(site, balancer, siteRequests);
        } catch (RuntimeException e) {
            site.stop();
            throw e;
        }
    }

    /** The balancer's port: where visitors go. */
    public int port() {
        return balancer.port();
    }

    /** The site's own port, behind the balancer. */
    public int sitePort() {
        return ((ServerConnector) site.getConnectors()[0]).getLocalPort();
    }

    /** How many requests reached the site itself. */
    public long siteRequests() {
        return siteRequests.get();
    }

    @Override
    public void close() throws Exception {
        balancer.close();
        site.stop();
    }
}
