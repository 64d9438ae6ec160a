/** A static site behind the balancer's edge cache. */
package dev.multiserver.examples.cachedsite;
