package dev.multiserver.balancer.internal.worker;

import dev.multiserver.balancer.worker.WorkerException;
import dev.multiserver.balancer.worker.Workers;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts workers as child processes of the command, each with its port as {@code {port}} and
 * {@code PORT}, and its id in {@value Workers#WORKER_ID_VARIABLE}. On Linux each runs under {@code setpriv --pdeathsig SIGKILL}, so the kernel kills it
 * when the balancer dies, even by {@code kill -9}. The kernel sends that signal when the <em>thread</em>
 * that started the process ends, so {@link #launch} must be called on a thread that lives as long as the
 * workers (the supervisor's).
 */
final class ChildProcessLauncher implements WorkerLauncher {

    private static final Logger log = LoggerFactory.getLogger(ChildProcessLauncher.class);
    private static final String SETPRIV = "/usr/bin/setpriv";

    private final Workers workers;
    private final String command;
    private final List<String> deathSignalPrefix;

    /** @throws WorkerException naming the command when its program is missing or not executable */
    ChildProcessLauncher(Workers workers) {
        this.workers = workers;
        this.command = workers.command().orElseThrow();
        checkProgram(CommandLine.split(command).get(0));
        this.deathSignalPrefix = deathSignalPrefix();
        if (deathSignalPrefix.isEmpty()) {
            log.warn("{} is not available: workers may outlive the balancer if it is killed with SIGKILL",
                    SETPRIV);
        }
    }

    @Override
    public CompletableFuture<LaunchedWorker> launch(String workerId, int port) {
        List<String> words = new ArrayList<>(deathSignalPrefix);
        words.addAll(CommandLine.words(command, port));
        ProcessBuilder builder = new ProcessBuilder(words).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().putAll(workers.environment());
        builder.environment().put("PORT", Integer.toString(port));
        builder.environment().put(Workers.WORKER_ID_VARIABLE, workerId);
        workers.workingDirectory().ifPresent(dir -> builder.directory(dir.toFile()));
        workers.logDirectory().ifPresent(dir ->
                builder.redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve(workerId + ".log").toFile())));
        try {
            workers.logDirectory().ifPresent(ChildProcessLauncher::createDirectories);
            Process process = builder.start();
            if (workers.logDirectory().isEmpty()) {
                OutputPump.start(workerId, process.pid(), process.getInputStream());
            }
            return CompletableFuture.completedFuture(new ChildProcess(process));
        } catch (IOException | RuntimeException e) {
            return CompletableFuture.failedFuture(new WorkerException(workerId + ": cannot start `" + command + "`: "
                    + e.getMessage(), e));
        }
    }

    @Override
    public String describe() {
        return "`" + command + "`";
    }

    private static void createDirectories(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new IllegalStateException("cannot create the worker log directory " + dir + ": " + e, e);
        }
    }

    /** Fails now, naming the command, when its program cannot be run, instead of at every respawn. */
    private void checkProgram(String program) {
        if (program.contains("/")) {
            Path path = pathOf(program);
            Path resolved = workers.workingDirectory().map(dir -> dir.resolve(path)).orElse(path);
            if (!Files.isRegularFile(resolved) || !Files.isExecutable(resolved)) {
                throw new WorkerException("worker command `" + command + "`: " + resolved
                        + (Files.exists(resolved) ? " is not an executable file" : " does not exist"));
            }
            return;
        }
        String searchPath = System.getenv().getOrDefault("PATH", "");
        for (String dir : searchPath.split(File.pathSeparator)) {
            if (!dir.isEmpty()) {
                Path candidate = pathOf(dir).resolve(program);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return;
                }
            }
        }
        throw new WorkerException("worker command `" + command + "`: program '" + program
                + "' was not found on PATH (" + searchPath + ")");
    }

    private Path pathOf(String text) {
        try {
            return Path.of(text);
        } catch (InvalidPathException e) {
            throw new WorkerException("worker command `" + command + "`: '" + text + "' is not a valid path", e);
        }
    }

    /** {@code setpriv --pdeathsig KILL --} when this system has a setpriv that supports it. */
    private static List<String> deathSignalPrefix() {
        if (!Files.isExecutable(Path.of(SETPRIV))) {
            return List.of();
        }
        List<String> prefix = List.of(SETPRIV, "--pdeathsig", "KILL", "--");
        try {
            List<String> probe = new ArrayList<>(prefix);
            probe.add("true");
            Process check = new ProcessBuilder(probe).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (check.waitFor(5, TimeUnit.SECONDS) && check.exitValue() == 0) {
                return prefix;
            }
            check.destroyForcibly();
        } catch (IOException e) {
            log.debug("{} cannot run: {}", SETPRIV, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return List.of();
    }

    /** A started child process. */
    private static final class ChildProcess implements LaunchedWorker {
        private final Process process;
        private final CompletableFuture<String> ended;

        ChildProcess(Process process) {
            this.process = process;
            this.ended = process.onExit().thenApply(p -> ExitStatus.describe(p.exitValue()));
        }

        @Override
        public OptionalLong pid() {
            return OptionalLong.of(process.pid());
        }

        @Override
        public CompletableFuture<String> ended() {
            return ended;
        }

        /** SIGTERM to it and its descendants, SIGKILL to whichever of them is left after {@code grace}. */
        @Override
        public void stop(Duration grace, ScheduledExecutorService timer) {
            List<ProcessHandle> family = new ArrayList<>(process.descendants().toList());
            family.add(process.toHandle());
            family.forEach(ProcessHandle::destroy);
            timer.schedule(() -> {
                process.descendants().forEach(family::add);
                family.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
            }, grace.toNanos(), TimeUnit.NANOSECONDS);
        }
    }
}
