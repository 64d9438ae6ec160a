package dev.multiserver.redis;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * A Lua script run by its SHA-1 ({@code EVALSHA}), sent in full ({@code EVAL}, which also caches it) only when the
 * server answers {@code NOSCRIPT}: after a restart, a failover, or on a cluster node that has not seen it yet.
 */
final class LuaScript {

    private final String source;
    private final String sha1;

    private LuaScript(String source) {
        this.source = source;
        this.sha1 = sha1(source);
    }

    /** The script made of these resources next to this class, in order. */
    static LuaScript of(String... resources) {
        StringBuilder source = new StringBuilder();
        for (String resource : resources) {
            source.append(read(resource));
        }
        return new LuaScript(source.toString());
    }

    /** Runs the script for an integer result. */
    CompletionStage<Long> run(RedisClusterAsyncCommands<String, String> commands, String[] keys, String[] arguments) {
        return runWith(commands, keys, arguments);
    }

    /** Runs the script for an integer result, with arguments of the connection's value type (bytes, for events). */
    <V> CompletionStage<Long> runWith(RedisClusterAsyncCommands<String, V> commands, String[] keys, V[] arguments) {
        return commands.<Long>evalsha(sha1, ScriptOutputType.INTEGER, keys, arguments)
                .exceptionallyCompose(error -> unwrap(error) instanceof RedisNoScriptException
                        ? commands.<Long>eval(source, ScriptOutputType.INTEGER, keys, arguments)
                        : CompletableFuture.failedFuture(error));
    }

    String sha1() {
        return sha1;
    }

    private static Throwable unwrap(Throwable error) {
        return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    }

    private static String read(String resource) {
        try (InputStream in = LuaScript.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource + " next to " + LuaScript.class);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }

    private static String sha1(String source) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1").digest(source.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is required of every JVM", e);
        }
    }
}
