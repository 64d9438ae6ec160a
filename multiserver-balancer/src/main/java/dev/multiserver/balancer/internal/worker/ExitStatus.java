package dev.multiserver.balancer.internal.worker;

import java.util.Map;

/** Exit statuses in words, naming the signal for 128 + n (as the JDK reports a process killed by one). */
final class ExitStatus {

    private static final Map<Integer, String> SIGNALS = Map.of(1, "SIGHUP", 2, "SIGINT", 3, "SIGQUIT", 4, "SIGILL",
            6, "SIGABRT", 8, "SIGFPE", 9, "SIGKILL", 11, "SIGSEGV", 13, "SIGPIPE", 15, "SIGTERM");

    private ExitStatus() {
    }

    static String describe(int status) {
        String signal = status > 128 ? SIGNALS.get(status - 128) : null;
        return "exited with status " + status + (signal == null ? "" : " (" + signal + ")");
    }
}
