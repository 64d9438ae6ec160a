package dev.multiserver.memcached;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.multiserver.session.StoredSession;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SessionDocumentTest {

    private static final StoredSession SESSION = new StoredSession("abc",
            Instant.ofEpochMilli(1_700_000_000_000L), Instant.ofEpochMilli(1_700_000_450_000L),
            Duration.ofMinutes(30), Map.of("user", "\"ada\"", "cart", "{\"@type\":\"set\",\"value\":[1, 2.50]}"));

    @Test
    void isAJsonDocumentWithTheMetadataAndTheAttributeTexts() throws Exception {
        JsonNode document = new JsonMapper().readTree(new String(SessionDocument.encode(SESSION), UTF_8));

        assertThat(document.get("id").textValue()).isEqualTo("abc");
        assertThat(document.get("created").longValue()).isEqualTo(1_700_000_000_000L);
        assertThat(document.get("accessed").longValue()).isEqualTo(1_700_000_450_000L);
        assertThat(document.get("maxInactive").longValue()).isEqualTo(1_800_000L);
        assertThat(document.get("attributes").get("user").textValue()).isEqualTo("\"ada\"");
        assertThat(document.get("attributes").size()).isEqualTo(2);
    }

    @Test
    void readsBackExactlyWhatWasWritten() {
        assertThat(SessionDocument.decode("abc", SessionDocument.encode(SESSION))).contains(SESSION);
    }

    @Test
    void readsDocumentsWrittenByOtherPrograms() {
        String document = "{ \"attributes\": {}, \"maxInactive\": 0, \"accessed\": 2, \"created\": 1,"
                + " \"id\": \"abc\", \"extra\": true }";

        assertThat(SessionDocument.decode("abc", document.getBytes(UTF_8))).contains(new StoredSession("abc",
                Instant.ofEpochMilli(1), Instant.ofEpochMilli(2), Duration.ZERO, Map.of()));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "",
            "not a session",
            "\"abc\"",
            "[1, 2]",
            "null",
            "{}",
            "{\"id\":\"abc\",\"created\":1,\"accessed\":2,\"maxInactive\":0,\"attributes\":{}} trailing",
            "{\"id\":\"other\",\"created\":1,\"accessed\":2,\"maxInactive\":0,\"attributes\":{}}",
            "{\"id\":\"abc\",\"created\":\"1\",\"accessed\":2,\"maxInactive\":0,\"attributes\":{}}",
            "{\"id\":\"abc\",\"created\":1.5,\"accessed\":2,\"maxInactive\":0,\"attributes\":{}}",
            "{\"id\":\"abc\",\"created\":1,\"accessed\":99999999999999999999,\"maxInactive\":0,\"attributes\":{}}",
            "{\"id\":\"abc\",\"created\":1,\"accessed\":2,\"attributes\":{}}",
            "{\"id\":\"abc\",\"created\":1,\"accessed\":2,\"maxInactive\":0,\"attributes\":[]}",
            "{\"id\":\"abc\",\"created\":1,\"accessed\":2,\"maxInactive\":0,\"attributes\":{\"a\":1}}",
            "{\"id\":\"abc\",\"created\":1,\"accessed\":2,\"maxInactive\":0,\"attributes\":{\"a\":\"1\"",
    })
    void anythingElseIsNotASession(String item) {
        assertThat(SessionDocument.decode("abc", item.getBytes(UTF_8))).isEmpty();
    }

    @Test
    void bytesThatAreNotUtf8AreNotASession() {
        assertThat(SessionDocument.decode("abc", new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1})).isEmpty();
    }
}
