package dev.multiserver.testkit;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.flow.FlowControlHandler;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The test backend's request handling over an {@link EmbeddedChannel}; see the integration test for sockets. */
class BackendChannelHandlerTest {

    private final BackendState state = new BackendState("b1");
    private EmbeddedChannel channel;

    @BeforeEach
    void setUp() {
        channel = new EmbeddedChannel(new HttpServerCodec(), new FlowControlHandler(), new BackendChannelHandler(state));
    }

    @AfterEach
    void nothingIsLeftOver() {
        assertThat(channel.finishAndReleaseAll()).isFalse();
    }

    @Test
    void answersWithAJsonDescriptionOfTheRequest() {
        String response = exchange("GET /x?y=1 HTTP/1.1\r\nHost: b\r\nX-Test: 1\r\n\r\n");

        assertThat(response)
                .startsWith("HTTP/1.1 200 OK\r\n")
                .contains("X-Backend-Id: b1\r\n", "content-type: application/json\r\n")
                .endsWith("{\"backend\":\"b1\",\"method\":\"GET\",\"uri\":\"/x?y=1\",\"version\":\"HTTP/1.1\","
                        + "\"headers\":[[\"Host\",\"b\"],[\"X-Test\",\"1\"]],\"bodyLength\":0,\"bodySha256\":"
                        + "\"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\"}");
        assertThat(state.requestCount()).isEqualTo(1);
        assertThat(channel.isOpen()).isTrue();
    }

    @Test
    void hashesTheBodyAsItArrives() {
        String response = exchange("POST /upload?status=201 HTTP/1.1\r\nHost: b\r\nContent-Length: 3\r\n\r\nabc");

        assertThat(response).startsWith("HTTP/1.1 201 Created\r\n").contains("\"bodyLength\":3",
                "\"bodySha256\":\"ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad\"");
        assertThat(state.lastRequest().bodyLength()).isEqualTo(3);
    }

    @Test
    void waitsForTheDelayOnTheEventLoopWithoutBlockingIt() {
        channel.freezeTime();
        assertThat(exchange("GET /?delay=300 HTTP/1.1\r\nHost: b\r\n\r\n")).isEmpty();

        channel.advanceTimeBy(299, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
        assertThat(readOutbound()).isEmpty();

        channel.advanceTimeBy(1, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
        assertThat(readOutbound()).startsWith("HTTP/1.1 200 OK\r\n");
    }

    @Test
    void refusesABadScriptNamingTheParameter() {
        String response = exchange("GET /?close=later HTTP/1.1\r\nHost: b\r\n\r\n");

        assertThat(response).startsWith("HTTP/1.1 400 Bad Request\r\n")
                .endsWith("close: later (expected: before-response, mid-body or reset)");
        assertThat(channel.isOpen()).isTrue();
    }

    @Test
    void closesAfterAResponseThatSaysConnectionClose() {
        String response = exchange("GET /?header=Connection:close HTTP/1.1\r\nHost: b\r\n\r\n");

        assertThat(response).contains("Connection: close\r\n");
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void truncatesTheBodyForCloseMidBody() {
        String response = exchange("GET /?close=mid-body HTTP/1.1\r\nHost: b\r\n\r\n");

        assertThat(response).contains("content-length: 1000000\r\n");
        assertThat(response.substring(response.indexOf("\r\n\r\n") + 4)).hasSize(1000);
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void answersMalformedRequestsWith400AndCloses() {
        String response = exchange("GET / HTTP/1.1\r\nHost: b\r\nContent-Length: x\r\n\r\n");

        assertThat(response).startsWith("HTTP/1.1 400 Bad Request\r\n").containsIgnoringCase("Connection: close\r\n");
        assertThat(channel.isOpen()).isFalse();
    }

    private String exchange(String request) {
        channel.writeInbound(Unpooled.copiedBuffer(request, US_ASCII));
        channel.runPendingTasks();
        return readOutbound();
    }

    private String readOutbound() {
        StringBuilder out = new StringBuilder();
        for (ByteBuf buf; (buf = channel.readOutbound()) != null; ) {
            out.append(buf.toString(US_ASCII));
            buf.release();
        }
        return out.toString();
    }
}
