package dev.multiserver.balancer.worker;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.concurrent.CompletionStage;

/**
 * One running instance of an {@link InProcessApplication}: how to stop it, and how the balancer learns
 * that it stopped by itself (a crash, for a child process an exit).
 */
public interface ApplicationInstance {

    /**
     * Completes when the instance has stopped, for whatever reason; exceptionally with the cause when it
     * failed. Completing without {@link #stop} having been called counts as a crash.
     */
    CompletionStage<?> stopped();

    /** Stops the instance, letting requests in flight finish within {@code grace}. May block. */
    void stop(Duration grace) throws Exception;

    /** Stopping action that ignores the grace period. */
    @FunctionalInterface
    interface Stopper {
        void stop() throws Exception;
    }

    /** An instance from its stop action and the stage that completes when it stops. */
    static ApplicationInstance of(Stopper stopper, CompletionStage<?> stopped) {
        requireNonNull(stopper, "stopper");
        requireNonNull(stopped, "stopped");
        return new ApplicationInstance() {
            @Override
            public CompletionStage<?> stopped() {
                return stopped;
            }

            @Override
            public void stop(Duration grace) throws Exception {
                stopper.stop();
            }
        };
    }
}
