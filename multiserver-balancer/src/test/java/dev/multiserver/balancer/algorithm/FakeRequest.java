package dev.multiserver.balancer.algorithm;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;

/** A request head for algorithm tests, with the headers, cookies and client a test sets, and what was added. */
final class FakeRequest implements RequestContext {

    private final Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    private final Map<String, String> cookies = new HashMap<>();
    private InetSocketAddress client = new InetSocketAddress("192.0.2.1", 40_000);
    private boolean secure;
    /** Each header an algorithm added, as {@code Name: value}. */
    final List<String> addedResponseHeaders = new ArrayList<>();

    static FakeRequest get() {
        return new FakeRequest();
    }

    /** From {@code ip} (an IP literal), on an arbitrary port. */
    static FakeRequest from(String ip) {
        return new FakeRequest().withClient(ip);
    }

    FakeRequest withClient(String ip) {
        client = new InetSocketAddress(ip, ThreadLocalRandom.current().nextInt(1024, 65_536));
        return this;
    }

    FakeRequest withHeader(String name, String value) {
        headers.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
        return this;
    }

    FakeRequest withCookie(String name, String value) {
        cookies.put(name, value);
        return this;
    }

    FakeRequest overTls() {
        secure = true;
        return this;
    }

    @Override
    public String method() {
        return "GET";
    }

    @Override
    public String uri() {
        return "/";
    }

    @Override
    public String path() {
        return "/";
    }

    @Override
    public String header(String name) {
        List<String> values = headers(name);
        return values.isEmpty() ? null : values.get(0);
    }

    @Override
    public List<String> headers(String name) {
        return headers.getOrDefault(name, List.of());
    }

    @Override
    public Optional<String> cookie(String name) {
        return Optional.ofNullable(cookies.get(name));
    }

    @Override
    public InetSocketAddress clientAddress() {
        return client;
    }

    @Override
    public boolean secure() {
        return secure;
    }

    @Override
    public void addResponseHeader(String name, String value) {
        addedResponseHeaders.add(name + ": " + value);
    }
}
