package dev.multiserver.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.multiserver.session.shop.Cart;
import dev.multiserver.session.shop.Colour;
import dev.multiserver.session.shop.Counter;
import dev.multiserver.session.shop.NoDefaultConstructor;
import java.io.File;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class SessionValueCodecTest {

    private final SessionValueCodec codec = SessionValueCodec.builder()
            .allowPackages("dev.multiserver.session.shop")
            .build();

    private Object roundTrip(Object value) {
        return codec.decode("a", codec.encode("a", value));
    }

    @Test
    void plainJsonValuesAreStoredAsPlainJson() {
        assertThat(codec.encode("a", "ada")).isEqualTo("\"ada\"");
        assertThat(codec.encode("a", true)).isEqualTo("true");
        assertThat(codec.encode("a", 42)).isEqualTo("42");
        assertThat(codec.encode("a", 4.5)).isEqualTo("4.5");
        assertThat(codec.encode("a", List.of("x", 1))).isEqualTo("[\"x\",1]");
        assertThat(codec.encode("a", Map.of("k", "v"))).isEqualTo("{\"k\":\"v\"}");
    }

    @Test
    void everyAllowedJdkValueComesBackAsItsClass() {
        List<Object> values = List.of("text", true, 42, 4.5, 1.0, 7L, Long.MAX_VALUE, 1.5f, (short) 3, (byte) 4,
                'c', new BigInteger("123456789012345678901234567890"), new BigDecimal("1.50"), UUID.randomUUID(),
                Instant.parse("2026-11-21T10:15:30.123Z"), LocalDate.of(2026, 11, 21), Duration.ofMinutes(5));
        for (Object value : values) {
            Object back = roundTrip(value);
            assertThat(back).as("%s", value.getClass()).isEqualTo(value).hasSameClassAs(value);
        }
    }

    @Test
    void collectionsComeBackMutableWithTheirElementTypes() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("count", 3L);
        map.put("tags", Set.of("a"));
        map.put("nested", List.of(Map.of("x", 1)));

        @SuppressWarnings("unchecked")
        Map<String, Object> back = (Map<String, Object>) roundTrip(map);

        assertThat(back).isEqualTo(map);
        assertThat(back.get("count")).isInstanceOf(Long.class);
        assertThat(back.get("tags")).isInstanceOf(Set.class);
        back.put("more", 1);
        @SuppressWarnings("unchecked")
        List<Object> list = (List<Object>) roundTrip(List.of(1, 2));
        list.add(3);
        assertThat(list).containsExactly(1, 2, 3);
    }

    @Test
    void mapThatLooksLikeATypedValueStaysAMap() {
        Map<String, Object> map = Map.of("@type", "java.io.File", "value", "/etc/passwd");
        assertThat(roundTrip(map)).isEqualTo(map);
    }

    @Test
    void recordsEnumsAndPojosFromAllowedPackagesComeBackAsTheirClass() {
        Cart cart = new Cart(List.of("book", "pen"), 1299L, Instant.parse("2026-11-21T10:00:00Z"), Colour.GREEN);
        assertThat(roundTrip(cart)).isEqualTo(cart);
        assertThat(roundTrip(Colour.RED)).isEqualTo(Colour.RED);
        Counter counter = new Counter();
        counter.setCount(5);
        assertThat(roundTrip(counter)).isInstanceOfSatisfying(Counter.class, c -> assertThat(c.getCount()).isEqualTo(5));
        assertThat(codec.encode("cart", cart)).startsWith("{\"@type\":\"dev.multiserver.session.shop.Cart\",\"value\":");
    }

    @Test
    void classesOutsideTheAllowedPackagesAreRefusedNamingAttributeAndType() {
        assertThatThrownBy(() -> codec.encode("file", new File("/tmp")))
                .isInstanceOf(SessionValueException.class)
                .hasMessageContaining("session attribute 'file'")
                .hasMessageContaining("java.io.File");
        assertThatThrownBy(() -> SessionValueCodec.defaults().encode("cart", Colour.RED))
                .hasMessageContaining("allowPackages(\"dev.multiserver.session.shop\")");
        assertThatThrownBy(() -> codec.encode("nested", List.of(Map.of("f", new File("/")))))
                .hasMessageContaining("session attribute 'nested'")
                .hasMessageContaining("java.io.File");
    }

    @Test
    void valuesThatCannotComeBackAreRefusedWhenSet() {
        assertThatThrownBy(() -> codec.encode("a", new NoDefaultConstructor("x")))
                .isInstanceOf(SessionValueException.class)
                .hasMessageContaining("cannot be read back");
        assertThatThrownBy(() -> codec.encode("a", new int[] {1}))
                .hasMessageContaining("use a List");
        assertThatThrownBy(() -> codec.encode("a", Map.of(1, "x")))
                .hasMessageContaining("map keys must be strings");
        assertThatThrownBy(() -> codec.encode("a", Double.NaN))
                .hasMessageContaining("JSON has no NaN");
        assertThatThrownBy(() -> codec.encode("a", null))
                .hasMessageContaining("remove the attribute");
        assertThatThrownBy(() -> codec.encode("a", new Object() { }))
                .isInstanceOf(SessionValueException.class);
    }

    @Test
    void storedTypeNamesOutsideTheAllowListAreNeverLoaded() {
        assertThatThrownBy(() -> codec.decode("evil",
                "{\"@type\":\"java.lang.ProcessBuilder\",\"value\":{\"command\":[\"rm\"]}}"))
                .isInstanceOf(SessionValueException.class)
                .hasMessageContaining("session attribute 'evil'")
                .hasMessageContaining("not among the allowed types");
        assertThatThrownBy(() -> codec.decode("gone", "{\"@type\":\"dev.multiserver.session.shop.Gone\",\"value\":{}}"))
                .hasMessageContaining("not on the class path");
    }

    @Test
    void corruptStoredTextIsAClearError() {
        assertThatThrownBy(() -> codec.decode("a", "{not json"))
                .isInstanceOf(SessionValueException.class)
                .hasMessageContaining("session attribute 'a': stored value is not JSON");
        assertThatThrownBy(() -> codec.decode("a", ""))
                .isInstanceOf(SessionValueException.class);
        assertThatThrownBy(() -> codec.decode("a", "{\"@type\":\"long\",\"value\":\"x\"}"))
                .hasMessageContaining("does not read as java.lang.Long");
    }

    @Test
    void fieldsDroppedByARedeployAreIgnored() {
        Object back = codec.decode("c", "{\"@type\":\"dev.multiserver.session.shop.Counter\","
                + "\"value\":{\"count\":2,\"removedField\":\"x\"}}");
        assertThat(back).isInstanceOfSatisfying(Counter.class, c -> assertThat(c.getCount()).isEqualTo(2));
    }

    @Test
    void jdkPackagesCannotBeAllowed() {
        assertThatThrownBy(() -> SessionValueCodec.builder().allowPackages("java.io"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("allowPackages: 'java.io'");
        assertThatThrownBy(() -> SessionValueCodec.builder().allowPackages("not a package"))
                .hasMessageContaining("expected: a package name");
    }

    @Test
    void listsOfMixedValuesKeepEachElementsType() {
        List<Object> list = new ArrayList<>(List.of(1, 2L, "x", Colour.RED));
        assertThat(roundTrip(list)).isEqualTo(list);
    }
}
