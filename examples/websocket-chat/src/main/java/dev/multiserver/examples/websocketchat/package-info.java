/** A WebSocket chat across servers behind the balancer, through ClusterHub. */
package dev.multiserver.examples.websocketchat;
