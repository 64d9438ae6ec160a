/**
 * Jakarta Servlet integration: SessionSyncFilter (and later ResponseCacheFilter, ClusterHub).
 */
package dev.multiserver.servlet;
