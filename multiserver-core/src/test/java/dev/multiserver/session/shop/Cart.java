package dev.multiserver.session.shop;

import java.time.Instant;
import java.util.List;

public record Cart(List<String> items, long total, Instant updated, Colour colour) {
}
