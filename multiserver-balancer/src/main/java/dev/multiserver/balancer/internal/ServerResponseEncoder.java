package dev.multiserver.balancer.internal;

import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.netty.handler.codec.http.HttpStatusClass;
import java.util.Queue;

/**
 * Response encoder that knows which request each final response answers, so a response to HEAD is
 * written without a body (even when it declares {@code Transfer-Encoding: chunked}). Interim 1xx
 * responses (100 Continue) do not consume a request.
 */
final class ServerResponseEncoder extends HttpResponseEncoder {

    private final Queue<HttpMethod> methods;

    ServerResponseEncoder(Queue<HttpMethod> methods) {
        this.methods = methods;
    }

    @Override
    protected boolean isContentAlwaysEmpty(HttpResponse msg) {
        if (msg.status().codeClass() == HttpStatusClass.INFORMATIONAL && msg.status().code() != 101) {
            return true;
        }
        HttpMethod method = methods.poll();
        return HttpMethod.HEAD.equals(method) || super.isContentAlwaysEmpty(msg);
    }
}
