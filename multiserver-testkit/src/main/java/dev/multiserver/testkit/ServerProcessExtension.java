package dev.multiserver.testkit;


/**
 * The JUnit life cycle shared by the extensions that run a server binary. Registered on a static field, the
 * server runs for the whole class (and its nested classes); registered on an instance field, for each test.
 * Before every test a server that an earlier test stopped or killed is started again, on the same port.
 */
abstract class ServerProcessExtension extends ScopedServerExtension {

    private final ServerProcess process;
    private final String scheme;

    ServerProcessExtension(ServerProcess process, String scheme) {
        this.process = process;
        this.scheme = scheme;
    }

    /** The address the server listens on: always {@code 127.0.0.1}. */
    public String host() {
        return FreePorts.LOOPBACK;
    }

    /** The server's port; it stays the same across {@link #restart()}. */
    public int port() {
        return process.port();
    }

    /** The server's URI, such as {@code redis://127.0.0.1:41234}. */
    public String uri() {
        return scheme + "://" + host() + ":" + port();
    }

    /** Starts the server on {@link #port()} and waits until it answers; does nothing if it is running. */
    public void start() {
        process.start();
    }

    /** Stops the server gracefully (SIGTERM) and waits until it has exited. */
    public void stop() {
        process.stop();
    }

    /** Kills the server (SIGKILL), as a crash would, and waits until it is gone. For fault tests. */
    public void kill() {
        process.kill();
    }

    /**
     * Freezes the server (SIGSTOP): connections stay open but nothing is answered, as with a server stuck in a
     * long pause. For slow-server tests; {@link #resume()} lets it go, and so do {@link #stop()} and the end of
     * the test.
     */
    public void pause() {
        process.pause();
    }

    /** Lets a server frozen by {@link #pause()} run again; does nothing if it is not paused. */
    public void resume() {
        process.resume();
    }

    @Override
    void startServer() {
        // a test that paused the server and failed before resuming it must not freeze the next one
        process.resume();
        start();
    }

    @Override
    void stopServer() {
        stop();
    }

    /** Stops the server and starts it again on the same port; its data is gone. */
    public void restart() {
        process.stop();
        process.start();
    }

    /** Whether the server process is alive. */
    public boolean isRunning() {
        return process.isRunning();
    }


    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + uri() + (isRunning() ? "" : ", stopped") + "]";
    }
}
