package dev.multiserver.balancer.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import org.junit.jupiter.api.Test;

class HopByHopHeadersTest {

    @Test
    void removesConnectionAndEveryHeaderItNames() {
        HttpHeaders headers = new DefaultHttpHeaders()
                .add("Connection", "keep-alive, X-One")
                .add("Connection", "x-two")
                .add("X-One", "1").add("X-Two", "2").add("X-Three", "3");
        HopByHopHeaders.strip(headers);
        assertThat(headers.names()).containsExactly("X-Three");
    }

    @Test
    void removesTheStandardHopByHopHeadersAndProxyOnes() {
        HttpHeaders headers = new DefaultHttpHeaders()
                .add("Keep-Alive", "timeout=5").add("TE", "trailers").add("Trailer", "X")
                .add("Transfer-Encoding", "chunked").add("Upgrade", "h2c").add("Proxy-Authorization", "x")
                .add("Proxy-Authenticate", "x").add("Proxy-Connection", "x").add("Proxy-Custom", "x")
                .add("Content-Type", "text/plain");
        HopByHopHeaders.strip(headers);
        assertThat(headers.names()).containsExactly("Content-Type");
    }
}
