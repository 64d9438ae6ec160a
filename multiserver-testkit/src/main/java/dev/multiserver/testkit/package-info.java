/**
 * Test-only helpers that run real servers next to the tests.
 *
 * <ul>
 *   <li>{@link dev.multiserver.testkit.RedisServerExtension}, {@link dev.multiserver.testkit.MemcachedServerExtension}
 *       — JUnit extensions that run {@code redis-server} and {@code memcached} as child processes on free loopback
 *       ports, and let a test stop, kill and restart them on the same port;
 *   <li>{@link dev.multiserver.testkit.MongoServerExtension} — an in-JVM mongo-java-server with change streams,
 *       or the MongoDB named by {@code MONGODB_URI};
 *   <li>{@link dev.multiserver.testkit.TestBackend} — a scriptable HTTP/1.1 backend for load-balancer tests,
 *       customised with {@link dev.multiserver.testkit.BackendHandler} and
 *       {@link dev.multiserver.testkit.Responder}, over HTTPS too with a certificate from a
 *       {@link dev.multiserver.testkit.TestCertificateAuthority};
 *   <li>{@link dev.multiserver.testkit.NettyLeakCheck} — fails a test class that leaks Netty buffers.
 * </ul>
 *
 * <pre>{@code
 * @RegisterExtension static final RedisServerExtension redis = new RedisServerExtension();
 *
 * @Test void answersThroughTheBalancer() {
 *     try (TestBackend backend = TestBackend.start("b1")) { ... backend.uri() ... }
 * }
 * }</pre>
 */
package dev.multiserver.testkit;
