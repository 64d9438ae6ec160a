package dev.multiserver.cache;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** HTTP-date values (RFC 9110 §5.6.7) in epoch milliseconds. */
final class HttpDates {

    static final long INVALID = Long.MIN_VALUE;

    private HttpDates() {
    }

    /** The date in milliseconds, or INVALID when absent or not a date (an invalid Expires means "already expired"). */
    static long parse(String value) {
        if (value == null) {
            return INVALID;
        }
        try {
            return ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant().toEpochMilli();
        } catch (DateTimeParseException notADate) {
            return INVALID;
        }
    }

    static String format(long epochMillis) {
        return DateTimeFormatter.RFC_1123_DATE_TIME.format(
                java.time.Instant.ofEpochMilli(epochMillis).atZone(ZoneOffset.UTC));
    }
}
