package dev.multiserver.servlet;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.json.JsonMapper;

/** Compares JSON texts by meaning, since a store may give back a value with other spacing or key order. */
final class JsonTexts {

    /** Only reads; a mapper is thread-safe once configured. */
    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private JsonTexts() {
    }

    static boolean same(String a, String b) {
        if (a == null || b == null) {
            return a == b;
        }
        if (a.equals(b)) {
            return true;
        }
        try {
            return MAPPER.readTree(a).equals(MAPPER.readTree(b));
        } catch (JsonProcessingException e) {
            return false;
        }
    }
}
