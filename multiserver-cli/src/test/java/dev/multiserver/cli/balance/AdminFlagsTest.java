package dev.multiserver.cli.balance;

import static dev.multiserver.cli.balance.Checks.BACKEND;
import static dev.multiserver.cli.balance.Checks.HINT;
import static dev.multiserver.cli.balance.Checks.error;
import static dev.multiserver.cli.balance.Checks.errorWithBackend;
import static dev.multiserver.cli.balance.Checks.valid;
import static dev.multiserver.cli.balance.Checks.validWithBackend;
import static org.assertj.core.api.Assertions.assertThat;

import dev.multiserver.cli.Cli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The admin server from flags, the environment and YAML, as --check reports it. */
class AdminFlagsTest {

    private static final String TOKEN = "s3cr3t-t0ken";
    private static final Map<String, String> TOKEN_IN_ENVIRONMENT = Map.of("MULTISERVER_ADMIN_TOKEN", TOKEN);

    @TempDir
    Path dir;

    @Test
    void theCommandLineRunsTheAdminServerOnLoopbackPort9900ByDefault() {
        assertThat(validWithBackend()).contains("  admin server: 127.0.0.1:9900, no token");
    }

    @Test
    void everyAdminFlagReachesTheBuilderAndTheTokenIsNeverPrinted() {
        Cli.Result result = Checks.run(Map.of(), "--backend", BACKEND, "--admin-port", "9901",
                "--admin-bind", "0.0.0.0", "--admin-token", TOKEN);

        assertThat(result.status()).isZero();
        assertThat(result.out().lines()).contains("  admin server: 0.0.0.0:9901, token from --admin-token");
        assertThat(result.out() + result.err()).doesNotContain(TOKEN);
    }

    @Test
    void portZeroPicksAFreePortAndAnIpv6AddressIsBracketed() {
        assertThat(validWithBackend("--admin-port", "0", "--admin-bind", "::1"))
                .contains("  admin server: [::1]:0 (a free port), no token");
    }

    @Test
    void noAdminTurnsItOff() {
        assertThat(validWithBackend("--no-admin")).contains("  admin server: off");
    }

    @ParameterizedTest
    @ValueSource(strings = {"--admin-port=9901", "--admin-bind=0.0.0.0", "--admin-token=" + TOKEN})
    void anAdminFlagWithNoAdminIsAnErrorNamingIt(String flag) {
        assertThat(errorWithBackend("--no-admin", flag))
                .isEqualTo(flag.substring(0, flag.indexOf('=')) + ": has no effect with --no-admin");
    }

    @Test
    void theTokenIsReadFromTheEnvironmentWhenTheFlagIsAbsent() {
        Cli.Result result = Checks.run(TOKEN_IN_ENVIRONMENT, "--backend", BACKEND);

        assertThat(result.status()).isZero();
        assertThat(result.out()).contains("  admin server: 127.0.0.1:9900, token from MULTISERVER_ADMIN_TOKEN")
                .doesNotContain(TOKEN);
    }

    @Test
    void theFlagBeatsTheEnvironment() {
        Cli.Result result = Checks.run(Map.of("MULTISERVER_ADMIN_TOKEN", "short"), "--backend", BACKEND,
                "--admin-token", TOKEN);

        assertThat(result.status()).isZero();
        assertThat(result.out()).contains("token from --admin-token");
    }

    @Test
    void anEmptyVariableIsNoToken() {
        Cli.Result result = Checks.run(Map.of("MULTISERVER_ADMIN_TOKEN", ""), "--backend", BACKEND);

        assertThat(result.status()).isZero();
        assertThat(result.out()).contains("  admin server: 127.0.0.1:9900, no token");
    }

    @Test
    void aBadTokenInTheEnvironmentNamesTheVariableNotTheToken() {
        Cli.Result result = Checks.run(Map.of("MULTISERVER_ADMIN_TOKEN", "bad token"), "--backend", BACKEND);

        assertThat(result.status()).isEqualTo(2);
        assertThat(result.errLines()).containsExactly("Invalid value in environment variable MULTISERVER_ADMIN_TOKEN: "
                + "(expected: 8 or more visible ASCII characters, no spaces)", HINT);
    }

    @Test
    void theEnvironmentsTokenIsIgnoredWithNoAdmin() {
        Cli.Result result = Checks.run(Map.of("MULTISERVER_ADMIN_TOKEN", "bad token"), "--backend", BACKEND,
                "--no-admin");

        assertThat(result.status()).isZero();
        assertThat(result.out()).contains("  admin server: off");
    }

    @Test
    void theYamlKeysSetTheSameAsTheFlags() throws IOException {
        Path config = write("backends: [http://127.0.0.1:9001]\nadmin:\n  enabled: true\n  port: 9901\n"
                + "  bind: '::1'\n  token: " + TOKEN + "\n");

        assertThat(valid("--config", config.toString())).contains("  admin server: [::1]:9901, token from admin.token");
    }

    @Test
    void enabledFalseTurnsItOffAndAFlagTurnsItBackOn() throws IOException {
        Path config = write("backends: [http://127.0.0.1:9001]\nadmin: {enabled: false}\n");

        assertThat(valid("--config", config.toString())).contains("  admin server: off");
        assertThat(valid("--config", config.toString(), "--admin"))
                .contains("  admin server: 127.0.0.1:9900, no token");
    }

    @Test
    void noAdminOverridesTheFilesAdminSettings() throws IOException {
        Path config = write("backends: [http://127.0.0.1:9001]\nadmin: {port: 9901}\n");

        assertThat(valid("--config", config.toString(), "--no-admin")).contains("  admin server: off");
    }

    @Test
    void theEnvironmentBeatsTheFileAndTheFlagBeatsBoth() throws IOException {
        Path config = write("backends: [http://127.0.0.1:9001]\nadmin: {token: from-the-file}\n");

        assertThat(Checks.run(TOKEN_IN_ENVIRONMENT, "--config", config.toString()).out())
                .contains("token from MULTISERVER_ADMIN_TOKEN");
        assertThat(Checks.run(TOKEN_IN_ENVIRONMENT, "--config", config.toString(), "--admin-token", TOKEN).out())
                .contains("token from --admin-token");
        assertThat(valid("--config", config.toString())).contains("  admin server: 127.0.0.1:9900, token from admin.token");
    }

    @Test
    void anAdminKeyBesideEnabledFalseIsAnError() throws IOException {
        Path config = write("backends: [http://127.0.0.1:9001]\nadmin: {enabled: false, port: 9901}\n");

        assertThat(error("--config", config.toString())).isEqualTo(config + ": admin.port: has no effect with "
                + "enabled: false");
    }

    private Path write(String yaml) throws IOException {
        return Files.writeString(dir.resolve("lb.yaml"), yaml);
    }
}
