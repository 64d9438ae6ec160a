package dev.multiserver.balancer.route;

import dev.multiserver.balancer.internal.route.HeaderRules;

/** The header edits of {@link Middleware}'s factories, checked when made rather than on every request. */
final class HeaderRule implements Middleware {

    private final boolean request;
    private final String name;
    private final String value;

    private HeaderRule(boolean request, String name, String value) {
        this.request = request;
        this.name = name;
        this.value = value;
    }

    static HeaderRule set(boolean request, String name, String value) {
        String what = request ? "request header" : "response header";
        return new HeaderRule(request, HeaderRules.checkEditable(name, what), HeaderRules.checkValue(value, what,
                name));
    }

    static HeaderRule remove(boolean request, String name) {
        return new HeaderRule(request, HeaderRules.checkEditable(name, request ? "request header"
                : "response header"), null);
    }

    @Override
    public LocalResponse handle(LocalRequest ignored, HeaderEdits edits) {
        if (request) {
            if (value == null) {
                edits.removeRequestHeader(name);
            } else {
                edits.setRequestHeader(name, value);
            }
        } else if (value == null) {
            edits.removeResponseHeader(name);
        } else {
            edits.setResponseHeader(name, value);
        }
        return null;
    }

    @Override
    public String toString() {
        return (value == null ? "remove " : "set ") + (request ? "request" : "response") + " header " + name;
    }
}
