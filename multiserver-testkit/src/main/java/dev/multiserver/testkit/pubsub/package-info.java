/** The contract suite every {@link dev.multiserver.pubsub.EventChannel} implementation runs. */
package dev.multiserver.testkit.pubsub;
