package dev.multiserver.mongo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.multiserver.session.SessionChanges;
import dev.multiserver.session.StoredSession;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.bson.Document;
import org.junit.jupiter.api.Test;

class SessionDocumentsTest {

    private static final Instant NOW = Instant.parse("2025-01-02T03:04:05.678Z");

    private static Document written() {
        return SessionDocuments.newSession(SessionChanges.create("id1", NOW, Duration.ofMinutes(30))
                .set("a.b", "1")
                .set("user", "\"ada\""));
    }

    @Test
    void newSessionReadsBack() {
        StoredSession session = SessionDocuments.read(written()).orElseThrow();

        assertThat(session).isEqualTo(new StoredSession("id1", NOW, NOW, Duration.ofMinutes(30),
                Map.of("a.b", "1", "user", "\"ada\"")));
    }

    @Test
    void sessionThatNeverExpiresHasNoExpiresAt() {
        Document document = SessionDocuments.newSession(SessionChanges.create("id1", NOW, Duration.ZERO));

        assertThat(document).doesNotContainKey("expiresAt");
        assertThat(SessionDocuments.isExpired(document, NOW.plus(Duration.ofDays(1000)))).isFalse();
    }

    @Test
    void expiresAtItsExpiresAtAndNotBefore() {
        Document document = written();

        assertThat(SessionDocuments.isExpired(document, NOW.plus(Duration.ofMinutes(30)).minusMillis(1))).isFalse();
        assertThat(SessionDocuments.isExpired(document, NOW.plus(Duration.ofMinutes(30)))).isTrue();
    }

    @Test
    void movedSessionKeepsEverythingButItsId() {
        Document moved = SessionDocuments.withId(written(), "id2");

        assertThat(moved.getString("_id")).isEqualTo("id2");
        assertThat(SessionDocuments.read(moved).orElseThrow().attributes()).containsEntry("a.b", "1");
    }

    @Test
    void documentsOfAnotherShapeAreNotSessions() {
        List<Consumer<Document>> breakages = List.of(
                document -> document.put("_id", 42),
                document -> document.remove("created"),
                document -> document.put("created", NOW.toEpochMilli()),
                document -> document.put("accessed", "yesterday"),
                document -> document.put("maxInactive", "30m"),
                document -> document.put("attributes", List.of("a")),
                document -> document.put("attributes", new Document("a", 1)),
                document -> document.put("attributes", new Document("a.b", "1")),
                document -> document.put("attributes", new Document("%zz", "1")));
        for (Consumer<Document> breakage : breakages) {
            Document document = written();
            breakage.accept(document);

            assertThat(SessionDocuments.read(document)).as(document.toJson()).isEmpty();
        }
    }

    @Test
    void expiresAtOfAnotherTypeIsNotAnExpiry() {
        Document document = written().append("expiresAt", "soon");

        assertThat(SessionDocuments.isExpired(document, NOW.plusSeconds(1_000_000))).isFalse();
        assertThat(document.get("created")).isInstanceOf(Date.class);
    }
}
