package dev.multiserver.benchmarks.sessions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.List;
import org.junit.jupiter.api.Test;

class BenchArgsTest {

    @Test
    void eachModeTakesItsOwnFlag() {
        assertThat(parse("--port 18101 --mode none").mode()).isEqualTo(Mode.NONE);
        assertThat(parse("--port 18102 --mode multiserver --store redis://127.0.0.1:6379").store())
                .isEqualTo("redis://127.0.0.1:6379");
        BenchArgs memcached = parse("--port 18107 --mode jetty-memcached --memcached 127.0.0.1:11211");
        assertThat(memcached.memcachedAddress().getPort()).isEqualTo(11211);
        BenchArgs mongo = parse("--port 18108 --mode jetty-mongo --mongo mongodb://127.0.0.1:27017/jetty_bench");
        assertThat(mongo.mongoDatabase()).isEqualTo("jetty_bench");
        assertThat(mongo.bind()).isEqualTo("127.0.0.1");
        assertThat(parse("--port 18104 --mode jedis-direct --redis redis://127.0.0.1:6379").redis())
                .isEqualTo("redis://127.0.0.1:6379");
    }

    @Test
    void floorModesNeedARedisUri() {
        assertThatIllegalArgumentException().isThrownBy(() -> parse("--port 1 --mode redis-direct"))
                .withMessage("--redis: missing (needed by --mode redis-direct)");
        assertThatIllegalArgumentException().isThrownBy(() -> parse("--port 1 --mode redis-direct --redis 127.0.0.1:1"))
                .withMessage("--redis: '127.0.0.1:1' (expected: redis://HOST:PORT)");
        assertThatIllegalArgumentException().isThrownBy(() -> parse("--port 1 --mode none --redis redis://h:1"))
                .withMessage("--redis: not used by --mode none");
    }

    @Test
    void refusesAStoreFlagTheModeWouldIgnore() {
        assertThatIllegalArgumentException().isThrownBy(() -> parse("--port 1 --mode jetty-memory --store memory:"))
                .withMessage("--store: not used by --mode jetty-memory");
    }

    @Test
    void namesWhatIsMissingOrWrong() {
        assertThatIllegalArgumentException().isThrownBy(() -> parse("--port 1 --mode multiserver"))
                .withMessage("--store: missing (needed by --mode multiserver)");
        assertThatIllegalArgumentException().isThrownBy(() -> parse("--mode none"))
                .withMessage("--port: missing");
        assertThatIllegalArgumentException().isThrownBy(() -> parse("--port 70000 --mode none"))
                .withMessage("--port: '70000' (expected: a port, 1 to 65535)");
        assertThatIllegalArgumentException().isThrownBy(() -> parse("--port 1 --mode redis"))
                .withMessageStartingWith("--mode: 'redis' (expected: none, multiserver, redis-direct, jedis-direct, jetty-memory,");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> parse("--port 1 --mode jetty-mongo --mongo mongodb://127.0.0.1:27017"))
                .withMessage("--mongo: 'mongodb://127.0.0.1:27017' (expected: mongodb://HOST:PORT/DB)");
        assertThatIllegalArgumentException().isThrownBy(() -> parse("--port 1 --mode none --verbose"))
                .withMessage("unknown argument '--verbose'");
    }

    private static BenchArgs parse(String line) {
        return BenchArgs.parse(List.of(line.split(" ")));
    }
}
