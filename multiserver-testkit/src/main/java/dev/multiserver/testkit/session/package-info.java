/**
 * The contract suite every {@link dev.multiserver.session.SessionStore} passes: extend
 * {@link dev.multiserver.testkit.session.SessionStoreContract} in the store's tests.
 */
package dev.multiserver.testkit.session;
