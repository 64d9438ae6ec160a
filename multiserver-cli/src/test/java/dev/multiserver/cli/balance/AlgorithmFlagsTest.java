package dev.multiserver.cli.balance;

import static dev.multiserver.cli.balance.Checks.error;
import static dev.multiserver.cli.balance.Checks.errorWithBackend;
import static dev.multiserver.cli.balance.Checks.valid;
import static dev.multiserver.cli.balance.Checks.validWithBackend;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** sticky-session and consistent-hash with their options, from flags and from YAML, as --check reports them. */
class AlgorithmFlagsTest {

    private static final String OPTION_SEPARATOR = "\t";

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            --algorithm=sticky-session                                       | sticky-session
            --algorithm=sticky-session	--sticky-cookie=SRV                   | sticky-session, cookie SRV
            --algorithm=sticky-session	--sticky-app-cookie=JSESSIONID        | sticky-session(cookie:JSESSIONID)
            --algorithm=consistent-hash                                      | consistent-hash(client)
            --algorithm=consistent-hash	--hash-key=header:X-User             | consistent-hash(header:X-User)
            --algorithm=consistent-hash	--hash-key=cookie:SESSION            | consistent-hash(cookie:SESSION)
            --algorithm=consistent-hash	--hash-key=client                    | consistent-hash(client)
            """)
    void theFlagsReachTheAlgorithm(String flags, String algorithm) {
        assertThat(validWithBackend(flags.split(OPTION_SEPARATOR))).contains("  algorithm: " + algorithm);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            --sticky-cookie=SRV                                         | --sticky-cookie: only applies to the sticky-session algorithm, not round-robin
            --algorithm=least-latency	--sticky-app-cookie=JSESSIONID   | --sticky-app-cookie: only applies to the sticky-session algorithm, not least-latency
            --algorithm=sticky-session	--hash-key=client               | --hash-key: only applies to the consistent-hash algorithm, not sticky-session
            --algorithm=consistent-hash	--sticky-cookie=SRV             | --sticky-cookie: only applies to the sticky-session algorithm, not consistent-hash
            """)
    void anOptionForAnotherAlgorithmIsAnErrorNamingIt(String flags, String message) {
        assertThat(errorWithBackend(flags.split(OPTION_SEPARATOR))).isEqualTo(message);
    }

    @Test
    void theTwoStickyCookiesExcludeEachOther() {
        assertThat(errorWithBackend("--algorithm", "sticky-session", "--sticky-cookie", "SRV",
                "--sticky-app-cookie", "JSESSIONID")).isEqualTo("--sticky-app-cookie: cannot be combined with "
                + "--sticky-cookie (pin clients with the balancer's own cookie or with the application's, not both)");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            body          | 'body' is not a hash key (expected header:NAME, cookie:NAME or client)
            query:id      | 'query:id' is not a hash key (expected header:NAME, cookie:NAME or client)
            header:       | 'header:' names no header (expected e.g. header:X-User)
            cookie:       | 'cookie:' names no cookie (expected e.g. cookie:SESSION)
            """)
    void aBadHashKeyNamesTheFlag(String key, String detail) {
        assertThat(errorWithBackend("--algorithm", "consistent-hash", "--hash-key=" + key))
                .isEqualTo("Invalid value for option '--hash-key': " + detail);
    }

    @Test
    void aBadAlgorithmNameIsReportedBeforeItsOptions() {
        assertThat(errorWithBackend("--algorithm", "stiky-session", "--sticky-cookie", "SRV"))
                .startsWith("Invalid value for option '--algorithm': 'stiky-session' is not a built-in algorithm");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            algorithm: sticky-session                                           | sticky-session
            algorithm: {name: sticky-session, cookie: SRV}                      | sticky-session, cookie SRV
            algorithm: {name: sticky-session, appCookie: JSESSIONID}            | sticky-session(cookie:JSESSIONID)
            algorithm: consistent-hash                                          | consistent-hash(client)
            algorithm: {name: consistent-hash, key: 'header:X-User'}            | consistent-hash(header:X-User)
            algorithm: {name: consistent-hash, key: 'cookie:SESSION'}           | consistent-hash(cookie:SESSION)
            algorithm: {name: least-connections}                                | least-connections
            """)
    void theYamlFormsReachTheAlgorithm(String yaml, String algorithm) throws IOException {
        Path config = write("backends: [http://127.0.0.1:9001]\n" + yaml + "\n");

        assertThat(valid("--config", config.toString())).contains("  algorithm: " + algorithm);
    }

    @Test
    void aBlockMappingTakesAnUnquotedHashKey() throws IOException {
        Path config = write("backends: [http://127.0.0.1:9001]\nalgorithm:\n  name: consistent-hash\n"
                + "  key: header:X-User\n");

        assertThat(valid("--config", config.toString())).contains("  algorithm: consistent-hash(header:X-User)");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            algorithm: {cookie: SRV}                                          | algorithm: name: is missing
            algorithm: {name: sticky-session, cookei: SRV}                    | algorithm: unknown key 'cookei' (known keys: name, cookie, appCookie, key)
            algorithm: {name: round-robin, cookie: SRV}                       | algorithm.cookie: only applies to the sticky-session algorithm, not round-robin
            algorithm: {name: sticky-session, key: client}                    | algorithm.key: only applies to the consistent-hash algorithm, not sticky-session
            algorithm: {name: sticky-session, cookie: A, appCookie: B}        | algorithm.appCookie: cannot be combined with algorithm.cookie
            algorithm: {name: consistent-hash, key: body}                     | algorithm.key: 'body' is not a hash key (expected header:NAME, cookie:NAME or client)
            algorithm: {name: consistent-hash, key: 5}                        | algorithm.key: 5 is not a string
            algorithm: {name: fastest}                                        | algorithm.name: 'fastest' is not a built-in algorithm
            algorithm: [sticky-session]                                       | algorithm: a list is not a string
            """)
    void aWrongYamlFormNamesTheKey(String yaml, String message) throws IOException {
        Path config = write("backends: [http://127.0.0.1:9001]\n" + yaml + "\n");

        assertThat(error("--config", config.toString())).startsWith(config + ": " + message);
    }

    @Test
    void anAlgorithmFlagDropsTheFilesOptions() throws IOException {
        Path config = write("backends: [http://127.0.0.1:9001]\nalgorithm: {name: sticky-session, cookie: SRV}\n");

        assertThat(valid("--config", config.toString(), "--algorithm", "consistent-hash"))
                .contains("  algorithm: consistent-hash(client)");
    }

    @Test
    void optionFlagsReplaceTheFilesOptions() throws IOException {
        Path sticky = write("backends: [http://127.0.0.1:9001]\nalgorithm: {name: sticky-session, cookie: SRV}\n");

        assertThat(valid("--config", sticky.toString(), "--sticky-app-cookie", "JSESSIONID"))
                .contains("  algorithm: sticky-session(cookie:JSESSIONID)");

        Path hashed = write("backends: [http://127.0.0.1:9001]\n"
                + "algorithm: {name: consistent-hash, key: 'header:X-User'}\n");

        assertThat(valid("--config", hashed.toString(), "--hash-key", "cookie:SESSION"))
                .contains("  algorithm: consistent-hash(cookie:SESSION)");
        assertThat(error("--config", hashed.toString(), "--sticky-cookie", "SRV"))
                .isEqualTo("--sticky-cookie: only applies to the sticky-session algorithm, not consistent-hash");
    }

    private Path write(String yaml) throws IOException {
        return Files.writeString(dir.resolve("lb.yaml"), yaml);
    }
}
