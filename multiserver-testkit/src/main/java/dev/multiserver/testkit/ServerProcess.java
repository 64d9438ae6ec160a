package dev.multiserver.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One server binary run as a child process on a fixed loopback port: started, probed until it answers, stopped,
 * killed and started again on the same port. Its output goes to a file in a temporary directory that is shown
 * when the process fails to start and deleted when it stops.
 */
final class ServerProcess {

    /** Builds the server's arguments (without the binary) for a port and a scratch directory. */
    @FunctionalInterface
    interface Arguments {
        List<String> of(int port, Path directory);
    }

    private static final Logger log = LoggerFactory.getLogger(ServerProcess.class);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);
    private static final long POLL_MILLIS = 20;
    private static final int BIND_ATTEMPTS = 3;
    private static final int MAX_OUTPUT_CHARS = 4000;

    private final String binary;
    private final String installHint;
    private final Arguments arguments;
    private final ReadinessProbe probe;

    private int port;
    private boolean everStarted;
    private Process process;
    private boolean paused;
    private Path directory;
    private Thread shutdownHook;

    ServerProcess(String binary, String installHint, Arguments arguments, ReadinessProbe probe) {
        this.binary = binary;
        this.installHint = installHint;
        this.arguments = arguments;
        this.probe = probe;
        this.port = FreePorts.allocate();
    }

    synchronized int port() {
        return port;
    }

    synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /**
     * Starts the server and returns once it answers; does nothing if it is running. The first start may move to
     * another port if the chosen one was taken meanwhile; later starts keep the port so clients can reconnect.
     */
    synchronized void start() {
        if (isRunning()) {
            return;
        }
        cleanUp();
        Path executable = Executables.find(binary, installHint);
        for (int attempt = 1; ; attempt++) {
            Failure failure = launch(executable);
            if (failure == null) {
                everStarted = true;
                return;
            }
            if (!failure.portInUse() || everStarted || attempt == BIND_ATTEMPTS) {
                throw new IllegalStateException(failure.message());
            }
            log.debug("{} could not bind {}:{}, retrying on another port", binary, FreePorts.LOOPBACK, port);
            port = FreePorts.allocate();
        }
    }

    /**
     * Freezes the server with SIGSTOP: it keeps its port and connections but answers nothing, as a server stuck
     * in a long pause would, until {@link #resume()}.
     */
    synchronized void pause() {
        if (!isRunning()) {
            throw new IllegalStateException(binary + " on " + FreePorts.LOOPBACK + ":" + port + " is not running");
        }
        signal("STOP");
        paused = true;
    }

    /** Lets a server frozen by {@link #pause()} run again (SIGCONT); does nothing if it is not paused. */
    synchronized void resume() {
        if (paused && isRunning()) {
            signal("CONT");
        }
        paused = false;
    }

    private void signal(String name) {
        List<String> command = List.of("kill", "-" + name, Long.toString(process.pid()));
        try {
            Process kill = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!kill.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + String.join(" ", command), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + String.join(" ", command), e);
        }
    }

    /** Stops the server with SIGTERM and waits for it to exit, killing it if it takes longer than 5 s. */
    synchronized void stop() {
        // a frozen process would keep SIGTERM pending until it is let go
        resume();
        if (process != null) {
            process.destroy();
            if (!awaitExit(STOP_TIMEOUT)) {
                log.warn("{} on {}:{} ignored SIGTERM for {}; killing it", binary, FreePorts.LOOPBACK, port, STOP_TIMEOUT);
                process.destroyForcibly();
                awaitExit(STOP_TIMEOUT);
            }
        }
        cleanUp();
    }

    /** Kills the server with SIGKILL, as a crash would, and waits until it is gone. */
    synchronized void kill() {
        if (process != null) {
            process.destroyForcibly();
            awaitExit(STOP_TIMEOUT);
        }
        cleanUp();
    }

    private Failure launch(Path executable) {
        Path logFile;
        List<String> command = new ArrayList<>();
        command.add(executable.toString());
        try {
            directory = Files.createTempDirectory(binary + "-");
            logFile = directory.resolve("output.log");
            command.addAll(arguments.of(port, directory));
            process = new ProcessBuilder(command)
                    .directory(directory.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(logFile.toFile())
                    .start();
        } catch (IOException e) {
            cleanUp();
            throw new UncheckedIOException("cannot run " + String.join(" ", command), e);
        }
        Process started = process;
        shutdownHook = new Thread(started::destroyForcibly, binary + "-" + port + "-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        return awaitReady(command, logFile);
    }

    private Failure awaitReady(List<String> command, Path logFile) {
        InetSocketAddress address = new InetSocketAddress(FreePorts.LOOPBACK, port);
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (true) {
            if (probe.answeredBy(address, process.pid())) {
                log.debug("{} (pid {}) ready on {}:{}", binary, process.pid(), FreePorts.LOOPBACK, port);
                return null;
            }
            if (awaitExit(Duration.ofMillis(POLL_MILLIS))) {
                String output = tail(logFile);
                String message = binary + " exited with status " + process.exitValue() + " before answering on "
                        + FreePorts.LOOPBACK + ":" + port + "\ncommand: " + String.join(" ", command)
                        + "\noutput:\n" + output;
                cleanUp();
                return new Failure(message, output.contains("Address already in use"));
            }
            if (System.nanoTime() - deadline > 0) {
                String output = tail(logFile);
                kill();
                throw new IllegalStateException(binary + " did not answer on " + FreePorts.LOOPBACK + ":" + port
                        + " within " + READY_TIMEOUT.toSeconds() + " s\ncommand: " + String.join(" ", command)
                        + "\noutput:\n" + output);
            }
        }
    }

    private boolean awaitExit(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + binary + " on "
                    + FreePorts.LOOPBACK + ":" + port, e);
        }
    }

    private void cleanUp() {
        if (shutdownHook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException e) {
                // The JVM is already shutting down, and the hook is running or about to.
            }
            shutdownHook = null;
        }
        process = null;
        paused = false;
        if (directory != null) {
            deleteRecursively(directory);
            directory = null;
        }
    }

    private static String tail(Path logFile) {
        try {
            String output = new String(Files.readAllBytes(logFile), StandardCharsets.UTF_8);
            return output.length() <= MAX_OUTPUT_CHARS ? output : "…" + output.substring(output.length() - MAX_OUTPUT_CHARS);
        } catch (IOException e) {
            return "(cannot read " + logFile + ": " + e + ")";
        }
    }

    private static void deleteRecursively(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            log.debug("cannot delete {}", root, e);
        }
    }

    private record Failure(String message, boolean portInUse) {}
}
