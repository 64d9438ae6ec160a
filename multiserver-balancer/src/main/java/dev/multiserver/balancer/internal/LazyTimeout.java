package dev.multiserver.balancer.internal;

import io.netty.util.concurrent.EventExecutor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A timeout that is pushed back on every sign of life without touching the scheduler: arming only moves
 * a deadline, and the one scheduled check re-schedules itself while the deadline lies ahead. Keeps a
 * busy connection to about one timer task per timeout period instead of one per request. Event loop
 * only.
 */
final class LazyTimeout {

    private final EventExecutor executor;
    private final Runnable onExpiry;
    private final long maxCheckIntervalNanos;
    private long deadline;
    private boolean armed;
    private ScheduledFuture<?> check;
    private long checkAt;

    /**
     * @param maxCheckIntervalNanos the check runs at least this often while armed; make it the shortest
     *     timeout this instance is armed with, so switching to a shorter one never re-schedules
     */
    LazyTimeout(EventExecutor executor, long maxCheckIntervalNanos, Runnable onExpiry) {
        this.executor = executor;
        this.maxCheckIntervalNanos = maxCheckIntervalNanos;
        this.onExpiry = onExpiry;
    }

    /** Expires {@code nanos} from now unless armed again or disarmed before. */
    void arm(long nanos) {
        long now = System.nanoTime();
        deadline = now + nanos;
        armed = true;
        if (check == null || checkAt - deadline > 0) {
            schedule(now);
        }
    }

    void disarm() {
        armed = false;
    }

    /** Disarms and drops the scheduled check: for when the owner goes away. */
    void cancel() {
        armed = false;
        if (check != null) {
            check.cancel(false);
            check = null;
        }
    }

    private void schedule(long now) {
        if (check != null) {
            check.cancel(false);
        }
        long delay = Math.min(deadline - now, maxCheckIntervalNanos);
        checkAt = now + delay;
        check = executor.schedule(this::fire, delay, TimeUnit.NANOSECONDS);
    }

    private void fire() {
        check = null;
        if (!armed) {
            return;
        }
        long now = System.nanoTime();
        if (deadline - now > 0) {
            schedule(now);
            return;
        }
        armed = false;
        onExpiry.run();
    }
}
