package dev.multiserver.pubsub;

/** What a channel promises for messages published while a subscriber's connection to its server was lost. */
public enum Delivery {

    /**
     * Messages published while the subscriber was disconnected are lost to it; everything published while it is
     * connected arrives once, in order per publisher. Redis pub/sub; the in-memory channel (which never
     * disconnects).
     */
    AT_MOST_ONCE,

    /**
     * After a reconnect the subscriber first receives, once and in order, what was published while it was away, as
     * long as the channel still retains it (a maximum length or age); older messages are lost. Redis Streams,
     * MongoDB.
     */
    REPLAY_AFTER_RECONNECT
}
