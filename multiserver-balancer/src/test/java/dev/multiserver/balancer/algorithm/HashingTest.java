package dev.multiserver.balancer.algorithm;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HashingTest {

    /** Fixed values: balancers on other JVMs (and versions) must place keys exactly alike. */
    @Test
    void givesTheSameHashEverywhere() {
        assertThat(Hashing.hash64("")).isEqualTo(-1166397803181037274L);
        assertThat(Hashing.hash64("a")).isEqualTo(-9033471704281723301L);
        assertThat(Hashing.hash64("foobar")).isEqualTo(3180132088784447275L);
        assertThat(Hashing.hash64("ünïcode")).isEqualTo(1741296486346196865L);
        assertThat(Hashing.hash64(new byte[] {(byte) 192, 0, 2, 1})).isEqualTo(-9207273526986110742L);
    }
}
