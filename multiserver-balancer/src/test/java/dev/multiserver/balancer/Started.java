package dev.multiserver.balancer;

import dev.multiserver.testkit.TestBackend;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** What a test started (backends, balancers on loopback, clients), closed after it in reverse order. */
final class Started implements AutoCloseable {

    private final List<AutoCloseable> resources = new ArrayList<>();

    <T extends AutoCloseable> T closeLater(T resource) {
        resources.add(resource);
        return resource;
    }

    TestBackend backend(String id) {
        return closeLater(TestBackend.start(id));
    }

    /** Starts a balancer on a free loopback port in front of {@code backends}. */
    LoadBalancer balancer(LoadBalancerBuilder builder, TestBackend... backends) {
        for (TestBackend backend : backends) {
            builder.backend(backend.uri().toString());
        }
        return closeLater(builder.port(0).bindAddress("127.0.0.1").build().start());
    }

    static RawHttpClient.Response get(LoadBalancer lb, String target) throws IOException {
        try (RawHttpClient client = new RawHttpClient(lb.port())) {
            client.send("GET " + target + " HTTP/1.1\r\nHost: a\r\n\r\n");
            return client.read();
        }
    }

    @Override
    public void close() throws Exception {
        for (int i = resources.size() - 1; i >= 0; i--) {
            resources.get(i).close();
        }
    }
}
