package dev.multiserver.servlet.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.multiserver.pubsub.Envelope;
import dev.multiserver.pubsub.EventChannel;
import dev.multiserver.pubsub.EventChannelException;
import dev.multiserver.testkit.LogCapture;
import jakarta.websocket.Session;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two or three Jetty nodes, each with a chat endpoint using its own {@link ClusterHub}, and real WebSocket clients;
 * a subclass gives each node its channel. Every channel passes the same scenarios.
 */
abstract class ClusterHubIntegrationTest {

    /** One client for every connection of the suite: a thousand WebSockets share its selector. */
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Duration PRESENCE_INTERVAL = Duration.ofMillis(100);

    private final Deque<AutoCloseable> opened = new ArrayDeque<>();

    /** A channel for one more node; the channels of one test all reach each other. Closed after the test. */
    protected abstract EventChannel openChannel();

    @AfterEach
    final void closeEverything() throws Exception {
        Exception first = null;
        while (!opened.isEmpty()) {
            try {
                opened.pop().close();
            } catch (Exception e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }

    @Test
    void broadcastReachesEveryMemberOfTheRoomOnEveryNodeOnceAndInPublishOrder() {
        ChatNode a = node("node-a");
        ChatNode b = node("node-b");
        ChatNode c = node("node-c");
        ChatClient a1 = client(a, "lobby");
        ChatClient a2 = client(a, "lobby");
        ChatClient b1 = client(b, "lobby");
        ChatClient c1 = client(c, "lobby");
        ChatClient elsewhere = client(b, "other");
        List<String> messages = IntStream.range(0, 200).mapToObj(i -> "message " + i).toList();

        messages.forEach(message -> a1.say("lobby", message));
        await().atMost(Duration.ofSeconds(20)).until(() -> b1.texts().size() >= messages.size());
        // After every message of node A, one from node B and one to the other room from A: once they are in, a
        // duplicate of A's messages (A's own echo, a second delivery elsewhere) would have arrived before them.
        b1.say("lobby", "end");
        a1.say("other", "other end");

        List<String> expected = new ArrayList<>(messages);
        expected.add("end");
        for (ChatClient member : List.of(a1, a2, b1, c1)) {
            await().atMost(Duration.ofSeconds(20)).until(() -> member.texts().contains("end"));
            assertThat(member.texts()).containsExactlyElementsOf(expected);
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> !elsewhere.texts().isEmpty());
        assertThat(elsewhere.texts()).containsExactly("other end");
        assertThat(a.hub().metrics().published()).isGreaterThanOrEqualTo(201);
        assertThat(c.hub().metrics().received()).isGreaterThanOrEqualTo(202);
    }

    @Test
    void binaryMessagesArriveIntactOnEveryNode() {
        ChatNode a = node("node-a");
        ChatNode b = node("node-b");
        ChatNode c = node("node-c");
        List<ChatClient> members = List.of(client(a, "files"), client(b, "files"), client(c, "files"));
        byte[] everyByte = new byte[256];
        for (int i = 0; i < everyByte.length; i++) {
            everyByte[i] = (byte) i;
        }
        byte[] random = new byte[50_000];
        new Random(8).nextBytes(random);

        members.get(0).send(everyByte);
        members.get(0).send(random);

        for (ChatClient member : members) {
            await().atMost(Duration.ofSeconds(20)).until(() -> member.binaries().size() >= 2);
            assertThat(member.binaries()).hasSize(2);
            assertThat(member.binaries().get(0)).isEqualTo(everyByte);
            assertThat(member.binaries().get(1)).isEqualTo(random);
            assertThat(member.texts()).isEmpty();
        }
    }

    @Test
    void sendReachesOnlyTheConnectionItNamesWhateverItsNode() {
        ChatNode a = node("node-a");
        ChatNode b = node("node-b");
        ChatNode c = node("node-c");
        ChatClient sender = client(a, "lobby");
        ChatClient besideSender = client(a, "lobby");
        ChatClient target = client(b, "lobby");
        ChatClient besideTarget = client(b, "lobby");
        ChatClient onThirdNode = client(c, "lobby");

        sender.sendTo(target.id(), "to the target");
        sender.sendTo(besideSender.id(), "to a neighbour");
        // Sent after the others by the same node: once these are in, a stray copy would have arrived before them.
        sender.sendTo(besideTarget.id(), "marker b");
        sender.sendTo(onThirdNode.id(), "marker c");

        await().atMost(Duration.ofSeconds(20)).until(() -> !besideTarget.texts().isEmpty()
                && !onThirdNode.texts().isEmpty() && !target.texts().isEmpty() && !besideSender.texts().isEmpty());
        assertThat(target.texts()).containsExactly("to the target");
        assertThat(besideSender.texts()).containsExactly("to a neighbour");
        assertThat(besideTarget.texts()).containsExactly("marker b");
        assertThat(onThirdNode.texts()).containsExactly("marker c");
        assertThat(sender.texts()).isEmpty();
    }

    @Test
    void aThousandClientsAcrossTheNodesAllReceiveABroadcast() {
        List<ChatNode> nodes = List.of(node("node-a"), node("node-b"), node("node-c"));
        List<ChatClient> clients = new ArrayList<>();
        for (int batch = 0; batch < 10; batch++) {
            List<CompletableFuture<ChatClient>> connecting = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                connecting.add(ChatClient.connect(HTTP, nodes.get((batch * 100 + i) % 3).room("crowd")));
            }
            connecting.forEach(future -> clients.add(remember(future.join())));
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(nodes.stream().mapToInt(node -> node.hub().localMembers("crowd")).sum()).isEqualTo(1000));
        for (ChatNode node : nodes) {
            await().atMost(Duration.ofSeconds(10)).until(() -> node.hub().clusterMembers("crowd") == 1000);
        }

        clients.get(0).say("crowd", "hello, everyone");

        await().atMost(Duration.ofSeconds(30)).until(() ->
                clients.stream().allMatch(client -> !client.texts().isEmpty()));
        assertThat(clients).allSatisfy(client -> assertThat(client.texts()).containsExactly("hello, everyone"));
    }

    @Test
    void slowClientIsClosedWith1013WhenItsQueueOverflowsWhileOthersGetEveryMessage() {
        ChatNode a = node("node-a", builder -> builder.maxQueuedMessages(16));
        ChatNode b = node("node-b", builder -> builder.maxQueuedMessages(16));
        ChatClient onA = client(a, "flood");
        ChatClient onB = client(b, "flood");
        StalledClient stalled = StalledClient.connect(b.port(), "/chat/flood");
        opened.push(stalled);
        await().atMost(Duration.ofSeconds(10)).until(() -> b.hub().localMembers("flood") == 2);
        String filler = "x".repeat(32 * 1024);
        int total = 400;

        for (int sent = 0; sent < total; ) {
            // in steps, so the clients that do read never fall behind by more than their queue allows
            for (int i = 0; i < 20; i++, sent++) {
                a.hub().broadcast("flood", sent + " " + filler);
            }
            int expected = sent;
            await().atMost(Duration.ofSeconds(20)).until(() ->
                    onA.texts().size() == expected && onB.texts().size() == expected);
        }

        assertThat(b.hub().metrics().overflowClosed()).isEqualTo(1);
        assertThat(a.hub().metrics().overflowClosed()).isZero();
        assertThat(b.hub().localMembers("flood")).isEqualTo(1);
        for (ChatClient reader : List.of(onA, onB)) {
            assertThat(reader.texts()).extracting(text -> text.substring(0, text.indexOf(' ')))
                    .containsExactlyElementsOf(IntStream.range(0, total).mapToObj(Integer::toString).toList());
        }
        StalledClient.Result stalledSaw = stalled.readUntilClose();
        assertThat(stalledSaw.closeCode()).isEqualTo(1013);
        assertThat(stalledSaw.messages()).isLessThan(total);
    }

    @Test
    void leavingAndClosingEndMembershipAndTheCountsFollow() {
        ChatNode a = node("node-a");
        ChatNode b = node("node-b");
        ChatNode c = node("node-c");
        ChatClient a1 = client(a, "room");
        ChatClient a2 = client(a, "room");
        ChatClient b1 = client(b, "room");
        ChatClient c1 = client(c, "elsewhere");
        List<ChatNode> nodes = List.of(a, b, c);

        assertThat(a.hub().localMembers("room")).isEqualTo(2);
        assertThat(b.hub().localMembers("room")).isEqualTo(1);
        assertThat(c.hub().localMembers("room")).isZero();
        awaitClusterMembers(nodes, "room", 3);
        awaitClusterMembers(nodes, "elsewhere", 1);

        a2.leave("room");
        assertThat(a.hub().localMembers("room")).isEqualTo(1);
        awaitClusterMembers(nodes, "room", 2);

        b1.closeAndAwait();
        await().atMost(Duration.ofSeconds(10)).until(() -> b.hub().localMembers("room") == 0);
        awaitClusterMembers(nodes, "room", 1);
        Session closed = b.closedSessions().get(0);
        await().atMost(Duration.ofSeconds(10)).until(() -> !closed.isOpen());
        assertThatThrownBy(() -> b.hub().join(closed, "too-late")).isInstanceOf(IllegalStateException.class)
                .hasMessage("join 'too-late': the session is closed");
        b.hub().leave(closed, "room");    // nothing to do, and no error
        assertThat(b.hub().localMembers("too-late")).isZero();

        c1.join("room");
        assertThat(c.hub().localMembers("room")).isEqualTo(1);
        awaitClusterMembers(nodes, "room", 2);

        a1.say("room", "after the changes");
        a1.sendTo(a2.id(), "marker");    // after the broadcast, from the same node
        await().atMost(Duration.ofSeconds(10)).until(() -> !c1.texts().isEmpty() && !a2.texts().isEmpty());
        assertThat(a1.texts()).containsExactly("after the changes");
        assertThat(c1.texts()).containsExactly("after the changes");
        assertThat(a2.texts()).containsExactly("marker");
    }

    @Test
    void channelThatFailsFailsTheFutureWithItsUriWhileLocalMembersStillReceive() {
        EventChannel channel = openChannel();
        ChatNode a = node(channel, "node-a", builder -> builder);
        ChatClient member = client(a, "lobby");

        // captured from before the close: the hub's own presence publish may be the first to fail
        try (LogCapture log = new LogCapture()) {
            channel.close();
            List<CompletableFuture<Void>> futures = List.of(a.hub().broadcast("lobby", "one"),
                    a.hub().broadcast("lobby", "two"), a.hub().broadcast("lobby", "three"));

            for (CompletableFuture<Void> future : futures) {
                assertThatThrownBy(future::join).cause().isInstanceOf(EventChannelException.class)
                        .hasMessageStartingWith(channel.uri());
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> member.texts().size() == 3);
            assertThat(member.texts()).containsExactly("one", "two", "three");
            assertThat(a.hub().metrics().publishFailures()).isGreaterThanOrEqualTo(3);
            assertThat(log.lines("publishing failed")).hasSize(1);
        }
    }

    @Test
    void unreadableAndReplayedMessagesOnTheChannelAreDroppedAndCounted() {
        EventChannel channel = openChannel();
        ChatNode a = node(channel, "node-a", builder -> builder);
        ChatClient member = client(a, "lobby");

        try (LogCapture log = new LogCapture()) {
            channel.publish("hub", "not an envelope".getBytes(StandardCharsets.UTF_8)).join();
            channel.publish("hub", new byte[] {'M', 'E', 1, 0}).join();
            // another node's messages as a channel may hand them over again: twice the same, then an older one
            channel.publish("hub", Envelope.text("node-x", 5, Envelope.Scope.ROOM, "lobby", "five").toBytes()).join();
            channel.publish("hub", Envelope.text("node-x", 5, Envelope.Scope.ROOM, "lobby", "five").toBytes()).join();
            channel.publish("hub", Envelope.text("node-x", 4, Envelope.Scope.ROOM, "lobby", "four").toBytes()).join();
            channel.publish("hub", Envelope.text("node-x", 6, Envelope.Scope.ROOM, "lobby", "six").toBytes()).join();

            await().atMost(Duration.ofSeconds(10)).until(() -> member.texts().contains("six"));
            assertThat(member.texts()).containsExactly("five", "six");
            assertThat(a.hub().metrics().dropped()).isGreaterThanOrEqualTo(4);
            assertThat(log.lines("not a hub message")).hasSize(1);
        }
    }

    private void awaitClusterMembers(List<ChatNode> nodes, String room, long expected) {
        for (ChatNode node : nodes) {
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(node.hub().clusterMembers(room)).as("%s on %s", room, node.hub().nodeId())
                            .isEqualTo(expected));
        }
    }

    private ChatNode node(String nodeId) {
        return node(nodeId, builder -> builder);
    }

    private ChatNode node(String nodeId, UnaryOperator<ClusterHubBuilder> config) {
        return node(openChannel(), nodeId, config);
    }

    private ChatNode node(EventChannel channel, String nodeId, UnaryOperator<ClusterHubBuilder> config) {
        opened.push(channel);
        ChatNode node = ChatNode.start(config.apply(ClusterHub.builder(channel)
                .nodeId(nodeId)
                .presenceInterval(PRESENCE_INTERVAL)).build());
        opened.push(node);
        return node;
    }

    private ChatClient client(ChatNode node, String room) {
        return remember(ChatClient.join(HTTP, node.room(room)));
    }

    private ChatClient remember(ChatClient client) {
        opened.push(client);
        return client;
    }
}
