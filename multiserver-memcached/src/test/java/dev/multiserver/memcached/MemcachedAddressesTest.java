package dev.multiserver.memcached;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.multiserver.memcached.MemcachedAddresses.Server;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MemcachedAddressesTest {

    @Test
    void readsOneServerWithItsPort() {
        MemcachedAddresses addresses = MemcachedAddresses.parse("memcached://10.0.0.5:11311");

        assertThat(addresses.servers()).containsExactly(new Server("10.0.0.5", 11311));
        assertThat(addresses.uri()).isEqualTo("memcached://10.0.0.5:11311");
    }

    @Test
    void readsSeveralServersInOrderAndDefaultsThePortTo11211() {
        MemcachedAddresses addresses = MemcachedAddresses.parse(" MEMCACHED://m1,m2.example.com:11311,10.0.0.7/ ");

        assertThat(addresses.servers()).containsExactly(
                new Server("m1", 11211), new Server("m2.example.com", 11311), new Server("10.0.0.7", 11211));
        assertThat(addresses.uri()).isEqualTo("memcached://m1:11211,m2.example.com:11311,10.0.0.7:11211");
    }

    @Test
    void readsIpv6AddressesInBrackets() {
        MemcachedAddresses addresses = MemcachedAddresses.parse("memcached://[::1]:11311,[fe80::1%eth0]");

        assertThat(addresses.servers()).containsExactly(new Server("::1", 11311), new Server("fe80::1%eth0", 11211));
        assertThat(addresses.uri()).isEqualTo("memcached://[::1]:11311,[fe80::1%eth0]:11211");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "redis://h:6379                | the scheme is not memcached",
            "h:11211                       | the scheme is not memcached",
            "memcached:/h                  | the scheme is not memcached",
            "memcached://                  | no server",
            "memcached:///                 | no server",
            "memcached://h1,,h2            | empty server between commas",
            "memcached://h1,               | empty server between commas",
            "memcached://:11211            | ':11211' has no host",
            "memcached://h:                | 'h:' has an invalid port '' (expected: 1 to 65535)",
            "memcached://h:0               | 'h:0' has an invalid port '0' (expected: 1 to 65535)",
            "memcached://h:65536           | 'h:65536' has an invalid port '65536'",
            "memcached://h:-1              | 'h:-1' has an invalid port '-1'",
            "memcached://h:11211x          | 'h:11211x' has an invalid port '11211x'",
            "memcached://h:1:2             | 'h:1:2' has more than one ':' (write IPv6 addresses in brackets)",
            "memcached://[::1              | '[::1' has no closing ']'",
            "memcached://[::1]x            | '[::1]x' has 'x' after the IPv6 address",
            "memcached://[]:11211          | '[]:11211' has no host",
            "memcached://[zz::1]           | '[zz::1]' has an invalid host 'zz::1'",
            "memcached://my host:11211     | 'my host:11211' has an invalid host 'my host'",
            "memcached://h:1,h:1           | server h:1 is listed twice",
            "memcached://h,h:11211         | server h:11211 is listed twice",
            "memcached://h:11211/db        | unexpected '/db' after the servers",
            "memcached://h:11211?timeout=1 | unexpected '?timeout=1' after the servers",
            "memcached://h:11211#x         | unexpected '#x' after the servers",
    })
    void refusesAMalformedUriNamingItAndTheProblem(String uri, String problem) {
        assertThatThrownBy(() -> MemcachedAddresses.parse(uri))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("memcached session store '" + uri.trim() + "': " + problem)
                .hasMessageEndingWith("(expected: memcached://host[:port][,host[:port]...])");
    }

    @Test
    void refusesCredentialsWithoutShowingThem() {
        assertThatThrownBy(() -> MemcachedAddresses.parse("memcached://admin:s3cret@h1:11211,h2"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("memcached session store 'memcached://***@h1:11211,h2': credentials are "
                        + "not supported")
                .message().doesNotContain("s3cret");
    }
}
