package dev.multiserver.session.shop;

public class NoDefaultConstructor {

    private final String name;

    public NoDefaultConstructor(String name) {
        this.name = name;
    }

    public String getName() {
        return name;
    }
}
