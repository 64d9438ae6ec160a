package dev.multiserver.servlet;

import dev.multiserver.testkit.TestCertificateAuthority;
import jakarta.servlet.DispatcherType;
import java.net.URI;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.EnumSet;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/** One instance of the test application: a Jetty 12 server on a free loopback port, the filter first. */
final class AppInstance implements AutoCloseable {

    private static final char[] PASSWORD = "test".toCharArray();

    private final Server server;
    private final ServerConnector http;
    private final ServerConnector https;

    private AppInstance(Server server, ServerConnector http, ServerConnector https) {
        this.server = server;
        this.http = http;
        this.https = https;
    }

    static AppInstance start(SessionSyncFilter filter, TestApp.Controls controls, boolean withHttps) {
        return start(new FilterHolder(filter), controls, withHttps);
    }

    /** With a filter the container makes and initializes, as from {@code web.xml}. */
    static AppInstance start(FilterHolder first, TestApp.Controls controls, boolean withHttps) {
        Server server = new Server();
        ServerConnector http = new ServerConnector(server);
        http.setHost("127.0.0.1");
        server.addConnector(http);
        ServerConnector https = null;
        if (withHttps) {
            https = httpsConnector(server);
            server.addConnector(https);
        }
        ServletContextHandler context = new ServletContextHandler();
        first.setAsyncSupported(true);
        context.addFilter(first, "/*", EnumSet.of(DispatcherType.REQUEST));
        ServletHolder app = new ServletHolder(new TestApp(controls));
        app.setAsyncSupported(true);
        context.addServlet(app, "/*");
        server.setHandler(context);
        try {
            server.start();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the test application", e);
        }
        return new AppInstance(server, http, https);
    }

    URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + http.getLocalPort() + pathAndQuery);
    }

    URI httpsUri(String pathAndQuery) {
        return URI.create("https://127.0.0.1:" + https.getLocalPort() + pathAndQuery);
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("cannot stop the test application", e);
        }
    }

    private static ServerConnector httpsConnector(Server server) {
        TestCertificateAuthority.Issued issued = TestCertificateAuthority.create("test CA").issue("127.0.0.1");
        SslContextFactory.Server tls = new SslContextFactory.Server();
        try {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            keys.setKeyEntry("server", issued.key(), PASSWORD,
                    new Certificate[] {issued.certificate(), issued.issuer()});
            tls.setKeyStore(keys);
            tls.setKeyStorePassword(new String(PASSWORD));
        } catch (Exception e) {
            throw new IllegalStateException("cannot make the test key store", e);
        }
        HttpConfiguration config = new HttpConfiguration();
        SecureRequestCustomizer secure = new SecureRequestCustomizer();
        secure.setSniHostCheck(false);
        config.addCustomizer(secure);
        ServerConnector connector = new ServerConnector(server, new SslConnectionFactory(tls, "http/1.1"),
                new HttpConnectionFactory(config));
        connector.setHost("127.0.0.1");
        return connector;
    }
}
