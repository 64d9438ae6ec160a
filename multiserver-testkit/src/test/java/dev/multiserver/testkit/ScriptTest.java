package dev.multiserver.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.handler.codec.http.HttpResponseStatus;
import org.junit.jupiter.api.Test;

class ScriptTest {

    @Test
    void plainRequestAsksForTheDefaultJsonAnswer() {
        Script script = Script.parse("/x?y=1");

        assertThat(script.delayMillis()).isZero();
        assertThat(script.status()).isEqualTo(HttpResponseStatus.OK);
        assertThat(script.size()).isEqualTo(-1);
        assertThat(script.chunked()).isFalse();
        assertThat(script.echo()).isFalse();
        assertThat(script.close()).isEqualTo(Script.Close.NONE);
        assertThat(script.headers().isEmpty()).isTrue();
        assertThat(script.sendContinue()).isTrue();
    }

    @Test
    void parametersCombine() {
        Script script = Script.parse(
                "/p?delay=250&status=503&size=1024&chunked=true&header=Connection:close&header=Via:%201.1%20a"
                        + "&header=Via:2&continue=false");

        assertThat(script.delayMillis()).isEqualTo(250);
        assertThat(script.status().code()).isEqualTo(503);
        assertThat(script.size()).isEqualTo(1024);
        assertThat(script.chunked()).isTrue();
        assertThat(script.headers().get("Connection")).isEqualTo("close");
        assertThat(script.headers().getAll("Via")).containsExactly("1.1 a", "2");
        assertThat(script.sendContinue()).isFalse();
    }

    @Test
    void closeModesAreNamedInKebabCase() {
        assertThat(Script.parse("/?close=before-response").close()).isEqualTo(Script.Close.BEFORE_RESPONSE);
        assertThat(Script.parse("/?close=mid-body").close()).isEqualTo(Script.Close.MID_BODY);
        assertThat(Script.parse("/?close=reset").close()).isEqualTo(Script.Close.RESET);
    }

    @Test
    void badValuesAreRefusedNamingTheParameter() {
        assertThatThrownBy(() -> Script.parse("/?status=abc")).hasMessage("status: abc (expected: a number)");
        assertThatThrownBy(() -> Script.parse("/?status=99")).hasMessage("status: 99 (expected: 200..599)");
        assertThatThrownBy(() -> Script.parse("/?delay=-1")).hasMessage("delay: -1 (expected: >= 0)");
        assertThatThrownBy(() -> Script.parse("/?chunked=yes")).hasMessage("chunked: yes (expected: true or false)");
        assertThatThrownBy(() -> Script.parse("/?close=later"))
                .hasMessage("close: later (expected: before-response, mid-body or reset)");
        assertThatThrownBy(() -> Script.parse("/?header=NoColon")).hasMessage("header: NoColon (expected: Name:Value)");
        assertThatThrownBy(() -> Script.parse("/?status=200&status=500"))
                .hasMessage("status: given 2 times (expected: once)");
    }

    @Test
    void echoCannotBeCombinedWithGeneratedBodiesOrClosing() {
        assertThatThrownBy(() -> Script.parse("/?echo=true&size=10"))
                .hasMessage("echo=true cannot be combined with size");
        assertThatThrownBy(() -> Script.parse("/?echo=true&close=reset"))
                .hasMessage("echo=true cannot be combined with close");
    }
}
