package dev.multiserver.balancer.internal;

import dev.multiserver.balancer.health.HealthCheck;
import dev.multiserver.balancer.internal.tls.BackendSslContext;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Active health checks: every interval, a {@code GET} of the health path to each backend on a new
 * connection; a 2xx or 3xx answer within the timeout passes. {@code fall} failures in a row take a
 * backend down, {@code rise} passes in a row bring it back. A check never overlaps the previous one of
 * the same backend. Everything runs on one event loop of the balancer, without blocking it.
 */
final class ActiveHealthChecker implements AutoCloseable {

    private final HealthCheck check;
    private final BackendPool pool;
    private final EventLoop loop;
    private final Bootstrap bootstrap;
    private final BackendSslContext tls;
    private final Map<TrackedBackend, Streak> streaks = new ConcurrentHashMap<>();
    private ScheduledFuture<?> rounds;

    ActiveHealthChecker(HealthCheck check, BackendPool pool, Transport transport, EventLoopGroup group,
            BackendSslContext tls) {
        this.check = check;
        this.tls = tls;
        this.pool = pool;
        this.loop = group.next();
        this.bootstrap = new Bootstrap()
                .group(loop)
                .channel(transport.channel())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.max(1, check.timeout().toMillis()));
    }

    void start() {
        rounds = loop.scheduleAtFixedRate(this::round, 0, check.interval().toNanos(), TimeUnit.NANOSECONDS);
    }

    private void round() {
        streaks.keySet().removeIf(TrackedBackend::isRemoved);
        for (TrackedBackend backend : pool.members()) {
            Streak streak = streaks.computeIfAbsent(backend, b -> new Streak());
            if (!streak.checking) {
                streak.checking = true;
                probe(backend, result -> {
                    streak.checking = false;
                    record(backend, streak, result);
                });
            }
        }
    }

    private void record(TrackedBackend backend, Streak streak, String failure) {
        if (failure == null) {
            streak.failures = 0;
            if (++streak.passes >= check.rise()) {
                pool.checked(backend, false, check.rise() + " health check(s) in a row passed (GET "
                        + check.path() + ")");
            }
        } else {
            streak.passes = 0;
            if (++streak.failures >= check.fall()) {
                pool.checked(backend, true, check.fall() + " health check(s) in a row failed (GET " + check.path()
                        + "): " + failure);
            }
        }
    }

    /** Checks one backend; {@code done} gets null when it passed, else why it failed. Runs on the loop. */
    private void probe(TrackedBackend backend, Consumer<String> done) {
        HealthProbe.check(bootstrap, tls, backend.backend(), check.path(), check.timeout()).thenAccept(done);
    }

    @Override
    public void close() {
        if (rounds != null) {
            rounds.cancel(false);
        }
    }

    /** Passes and failures in a row for one backend; touched on the checker's loop only. */
    private static final class Streak {
        int passes;
        int failures;
        boolean checking;
    }
}
