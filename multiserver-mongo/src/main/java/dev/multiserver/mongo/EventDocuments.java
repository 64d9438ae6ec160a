package dev.multiserver.mongo;

import java.util.Date;
import java.util.Optional;
import org.bson.Document;
import org.bson.types.Binary;
import org.bson.types.ObjectId;

/**
 * The document of one message in {@code NAMESPACE.events}: {@code {_id: ObjectId, topic, payload: binary, at: Date}}.
 * The ObjectId, made by the publisher, orders a poller's reads; {@code at} is what the TTL index expires.
 */
final class EventDocuments {

    static final String ID = "_id";
    static final String TOPIC = "topic";
    static final String PAYLOAD = "payload";
    static final String AT = "at";

    private EventDocuments() {
    }

    static Document of(String topic, byte[] payload) {
        return new Document(ID, new ObjectId())
                .append(TOPIC, topic)
                .append(PAYLOAD, new Binary(payload))
                .append(AT, new Date());
    }

    /** The message in this document, or empty when it is not one a channel wrote. */
    static Optional<Event> read(Document document) {
        if (document == null || !(document.get(TOPIC) instanceof String topic)) {
            return Optional.empty();
        }
        Object payload = document.get(PAYLOAD);
        if (payload instanceof Binary binary) {
            return Optional.of(new Event(topic, binary.getData()));
        }
        if (payload instanceof byte[] bytes) {
            return Optional.of(new Event(topic, bytes));
        }
        return Optional.empty();
    }

    /** One message as read back. */
    record Event(String topic, byte[] payload) {
    }
}
