package dev.multiserver.balancer.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.DefaultEventLoop;
import io.netty.channel.EventLoop;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AdmissionQueueTest {

    private final EventLoop loop = new DefaultEventLoop();
    private final List<String> events = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private AdmissionQueue.Waiter waiter(String name) {
        return new AdmissionQueue.Waiter() {
            @Override
            public void admitted() {
                events.add(name + " admitted");
            }

            @Override
            public void timedOut() {
                events.add(name + " timed out");
            }
        };
    }

    @Test
    void admitsUpToTheLimitThenQueuesInOrderThenRejects() {
        AdmissionQueue queue = new AdmissionQueue(2, 2, Duration.ofSeconds(30));
        assertThat(queue.enter(loop, waiter("a")).isAdmitted()).isTrue();
        assertThat(queue.enter(loop, waiter("b")).isAdmitted()).isTrue();
        AdmissionQueue.Ticket c = queue.enter(loop, waiter("c"));
        AdmissionQueue.Ticket d = queue.enter(loop, waiter("d"));
        assertThat(c.isAdmitted() || c.isRejected()).isFalse();
        assertThat(d.isAdmitted() || d.isRejected()).isFalse();
        assertThat(queue.enter(loop, waiter("e")).isRejected()).isTrue();

        queue.release();
        queue.release();
        Awaitility.await().until(() -> events.size() == 2);
        assertThat(events).containsExactly("c admitted", "d admitted");
        assertThat(queue.active()).isEqualTo(2);
        queue.release();
        queue.release();
        assertThat(queue.active()).isZero();
    }

    @Test
    void aWaiterTimesOutAndLeavesTheQueue() {
        AdmissionQueue queue = new AdmissionQueue(1, 5, Duration.ofMillis(50));
        queue.enter(loop, waiter("a"));
        queue.enter(loop, waiter("b"));
        Awaitility.await().until(() -> events.contains("b timed out"));
        assertThat(queue.queued()).isZero();
        queue.release();
        assertThat(queue.active()).isZero();
    }

    @Test
    void aCancelledWaiterIsSkipped() {
        AdmissionQueue queue = new AdmissionQueue(1, 5, Duration.ofSeconds(30));
        queue.enter(loop, waiter("a"));
        AdmissionQueue.Ticket b = queue.enter(loop, waiter("b"));
        queue.enter(loop, waiter("c"));
        b.cancel();
        queue.release();
        Awaitility.await().until(() -> !events.isEmpty());
        assertThat(events).containsExactly("c admitted");
    }

    @Test
    void noLimitAdmitsEverything() {
        AdmissionQueue queue = new AdmissionQueue(0, 0, Duration.ofSeconds(1));
        for (int i = 0; i < 100; i++) {
            assertThat(queue.enter(loop, waiter("x" + i)).isAdmitted()).isTrue();
        }
    }
}
