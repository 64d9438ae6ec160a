package dev.multiserver.balancer.internal;

import io.netty.channel.EventLoop;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code maxConcurrentConnections}: at most {@code limit} exchanges with backends at once, across all
 * event loops. Requests beyond it wait in a bounded FIFO queue for at most {@code timeout}; a waiter is
 * always resumed on its own event loop, never on the releasing thread.
 */
final class AdmissionQueue {

    private final int limit;
    private final int capacity;
    private final long timeoutNanos;
    private final ArrayDeque<Ticket> waiting = new ArrayDeque<>();
    private int active;
    private final AtomicInteger unlimitedActive = new AtomicInteger();

    /** A {@code limit} of 0 admits everything at once. */
    AdmissionQueue(int limit, int capacity, Duration timeout) {
        this.limit = limit;
        this.capacity = capacity;
        this.timeoutNanos = timeout.toNanos();
    }

    /** A queued request's place in line. */
    interface Waiter {
        /** Runs on the waiter's event loop: it holds a permit now and must {@link #release()} it. */
        void admitted();

        /** Runs on the waiter's event loop: no permit came within the queue timeout. */
        void timedOut();
    }

    /**
     * Admits the request now (the ticket {@link Ticket#isAdmitted() is admitted}: the caller holds a
     * permit), or queues it ({@code waiter} will hear of it, the ticket can cancel it), or turns it
     * away because the queue is full (the ticket {@link Ticket#isRejected() is rejected}).
     */
    Ticket enter(EventLoop loop, Waiter waiter) {
        if (limit == 0) {
            unlimitedActive.incrementAndGet();
            return new Ticket(loop, waiter, Ticket.ADMITTED);
        }
        Ticket ticket;
        synchronized (this) {
            if (active < limit) {
                active++;
                return new Ticket(loop, waiter, Ticket.ADMITTED);
            }
            if (waiting.size() >= capacity) {
                return new Ticket(loop, waiter, Ticket.REJECTED);
            }
            ticket = new Ticket(loop, waiter, Ticket.WAITING);
            waiting.addLast(ticket);
        }
        ticket.timeout = loop.schedule(ticket::expire, timeoutNanos, TimeUnit.NANOSECONDS);
        return ticket;
    }

    /** Gives back a permit, handing it straight to the longest waiter if there is one. */
    void release() {
        if (limit == 0) {
            unlimitedActive.decrementAndGet();
            return;
        }
        Ticket next;
        synchronized (this) {
            while ((next = waiting.pollFirst()) != null) {
                if (next.state.compareAndSet(Ticket.WAITING, Ticket.ADMITTED)) {
                    break;
                }
            }
            if (next == null) {
                active--;
                return;
            }
        }
        next.admit();
    }

    /** Requests holding a permit now. */
    int active() {
        if (limit == 0) {
            return unlimitedActive.get();
        }
        synchronized (this) {
            return active;
        }
    }

    synchronized int queued() {
        return waiting.size();
    }

    private synchronized void forget(Ticket ticket) {
        waiting.remove(ticket);
    }

    /** One queued request. */
    final class Ticket {
        static final int WAITING = 0;
        static final int ADMITTED = 1;
        static final int DONE = 2;
        static final int REJECTED = 3;

        private final EventLoop loop;
        private final Waiter waiter;
        private final AtomicInteger state;
        private final int initial;
        private volatile ScheduledFuture<?> timeout;

        private Ticket(EventLoop loop, Waiter waiter, int state) {
            this.loop = loop;
            this.waiter = waiter;
            this.state = new AtomicInteger(state);
            this.initial = state;
        }

        /** Entered at once: the caller holds a permit. */
        boolean isAdmitted() {
            return initial == ADMITTED;
        }

        /** Turned away: the queue was full. */
        boolean isRejected() {
            return initial == REJECTED;
        }

        /** The request left the queue (client gone); no callback will run. */
        void cancel() {
            if (state.compareAndSet(WAITING, DONE)) {
                forget(this);
                cancelTimer();
            }
        }

        private void expire() {
            if (state.compareAndSet(WAITING, DONE)) {
                forget(this);
                waiter.timedOut();
            }
        }

        private void admit() {
            cancelTimer();
            loop.execute(waiter::admitted);
        }

        private void cancelTimer() {
            ScheduledFuture<?> t = timeout;
            if (t != null) {
                t.cancel(false);
            }
        }
    }
}
