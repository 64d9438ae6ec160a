package dev.multiserver.cli.demo;

import dev.multiserver.balancer.worker.Workers;
import dev.multiserver.cli.Main;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The workers of {@code multiserver demo --processes}: {@code multiserver demo-worker} run by this JVM's java
 * binary on this JVM's class path (the CLI jar, for a user), so the workers run exactly the code the balancer
 * does. The store and channel URIs travel in the environment rather than on the command line, which the balancer
 * logs and {@code ps} shows, since they may hold a password.
 */
final class WorkerProcesses {

    static final String STORE_VARIABLE = "MULTISERVER_DEMO_STORE";
    static final String SYNC_VARIABLE = "MULTISERVER_DEMO_SYNC";

    /** Small heaps and the serial collector: a demo runs several JVMs on one machine. */
    private static final List<String> JVM_OPTIONS = List.of("-Xmx256m", "-XX:+UseSerialGC");

    private WorkerProcesses() {
    }

    static Workers of(int count, String storeUri, String syncUri) {
        return Workers.command(command()).count(count)
                .environment(STORE_VARIABLE, storeUri.strip())
                .environment(SYNC_VARIABLE, syncUri.strip())
                .build();
    }

    /** The worker command, each word quoted for the balancer's shell-like splitting. */
    static String command() {
        List<String> words = new ArrayList<>();
        words.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        words.addAll(JVM_OPTIONS);
        words.add("-cp");
        words.add(classPath());
        words.add(Main.class.getName());
        words.addAll(List.of(DemoWorkerCommand.NAME, "--port", "{port}"));
        return String.join(" ", words.stream().map(WorkerProcesses::quote).toList());
    }

    /** This JVM's class path with absolute entries, so a worker started elsewhere finds the same classes. */
    private static String classPath() {
        List<String> entries = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (!entry.isEmpty()) {
                entries.add(Path.of(entry).toAbsolutePath().toString());
            }
        }
        return String.join(File.pathSeparator, entries);
    }

    private static String quote(String word) {
        return "'" + word.replace("'", "'\\''") + "'";
    }
}
