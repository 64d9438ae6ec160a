package dev.multiserver.testkit;

import static java.util.Objects.requireNonNull;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.concurrent.EventExecutor;
import java.util.concurrent.atomic.AtomicBoolean;

/** The {@link Responder} given to a {@link BackendHandler}: single use, callable from any thread. */
final class ChannelResponder implements Responder {

    private final EventExecutor eventLoop;
    private final ResponseWriter writer;
    private final HttpRequest request;
    private final Runnable scripted;
    private final AtomicBoolean answered = new AtomicBoolean();

    ChannelResponder(EventExecutor eventLoop, ResponseWriter writer, HttpRequest request, Runnable scripted) {
        this.eventLoop = eventLoop;
        this.writer = writer;
        this.request = request;
        this.scripted = scripted;
    }

    @Override
    public void respond(HttpResponseStatus status, HttpHeaders headers, byte[] body) {
        requireNonNull(status, "status");
        requireNonNull(headers, "headers");
        requireNonNull(body, "body");
        claim();
        HttpHeaders headersCopy = headers.copy();
        byte[] bodyCopy = body.clone();
        run(() -> writer.respond(request, status, null, headersCopy, Unpooled.wrappedBuffer(bodyCopy), false));
    }

    @Override
    public void respondAsScripted() {
        claim();
        run(scripted);
    }

    @Override
    public void sendRaw(byte[] bytes) {
        byte[] copy = requireNonNull(bytes, "bytes").clone();
        claim();
        run(() -> writer.sendRaw(copy, false));
    }

    @Override
    public void sendRawAndClose(byte[] bytes) {
        byte[] copy = requireNonNull(bytes, "bytes").clone();
        claim();
        run(() -> writer.sendRaw(copy, true));
    }

    @Override
    public void close() {
        claim();
        run(writer::close);
    }

    @Override
    public void reset() {
        claim();
        run(writer::reset);
    }

    /** Answers {@code 500} with {@code cause} when the handler failed before answering. */
    void failIfUnanswered(Throwable cause) {
        if (answered.compareAndSet(false, true)) {
            run(() -> writer.respondText(request, HttpResponseStatus.INTERNAL_SERVER_ERROR, cause.toString()));
        }
    }

    private void claim() {
        if (!answered.compareAndSet(false, true)) {
            throw new IllegalStateException(
                    "test backend already answered " + request.method() + " " + request.uri());
        }
    }

    private void run(Runnable task) {
        if (eventLoop.inEventLoop()) {
            task.run();
        } else {
            eventLoop.execute(task);
        }
    }
}
