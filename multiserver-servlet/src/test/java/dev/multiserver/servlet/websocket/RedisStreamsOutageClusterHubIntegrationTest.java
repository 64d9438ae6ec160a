package dev.multiserver.servlet.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.multiserver.redis.RedisEventChannel;
import dev.multiserver.testkit.RedisServerExtension;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * redis-server killed and restarted while a node broadcasts, with the channel in Streams mode and the server
 * persisting (AOF, fsync always): the WebSocket clients on the other node receive every broadcast the channel
 * accepted, exactly once and in order; broadcasts made while it was down fail fast and reach only local members.
 */
class RedisStreamsOutageClusterHubIntegrationTest {

    @RegisterExtension
    static final RedisServerExtension redis = RedisServerExtension.persistent();

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void membersOnTheOtherNodeGetEveryAcceptedBroadcastOnceAfterTheServerComesBack() {
        try (RedisEventChannel channelA = RedisEventChannel.of(redis.uri() + "?mode=streams");
             RedisEventChannel channelB = RedisEventChannel.of(redis.uri() + "?mode=streams");
             ChatNode a = ChatNode.start(ClusterHub.builder(channelA).nodeId("node-a").build());
             ChatNode b = ChatNode.start(ClusterHub.builder(channelB).nodeId("node-b").build());
             ChatClient onA = ChatClient.join(HTTP, a.room("lobby"));
             ChatClient first = ChatClient.join(HTTP, b.room("lobby"));
             ChatClient second = ChatClient.join(HTTP, b.room("lobby"))) {

            List<String> accepted = new ArrayList<>();
            List<String> refused = new ArrayList<>();
            broadcast(a.hub(), "before-", 50, accepted, refused);
            await().atMost(Duration.ofSeconds(10)).until(() -> first.texts().size() == accepted.size());

            redis.kill();
            try {
                broadcast(a.hub(), "down-", 5, accepted, refused);
            } finally {
                redis.restart();
            }
            // back: the channel reconnects by itself; broadcast until one is accepted again, then some more
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() ->
                    broadcast(a.hub(), "retry-" + System.nanoTime() + "-", 1, accepted, refused));
            broadcast(a.hub(), "after-", 50, accepted, refused);

            assertThat(refused).as("broadcasts while redis-server was down").isNotEmpty();
            for (ChatClient member : List.of(first, second)) {
                await().atMost(Duration.ofSeconds(30)).until(() -> member.texts().size() >= accepted.size());
                assertThat(member.texts()).as("what a member on the other node received")
                        .containsExactlyElementsOf(accepted);
            }
            // local members get every broadcast, refused ones too
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> onA.texts().size() == accepted.size() + refused.size());
        }
    }

    /** Broadcasts {@code count} messages one by one; true when all were accepted. */
    private static boolean broadcast(ClusterHub hub, String prefix, int count, List<String> accepted,
                                     List<String> refused) {
        boolean all = true;
        for (int i = 0; i < count; i++) {
            String text = prefix + i;
            try {
                hub.broadcast("lobby", text).join();
                accepted.add(text);
            } catch (CompletionException e) {
                refused.add(text);
                all = false;
            }
        }
        return all;
    }
}
