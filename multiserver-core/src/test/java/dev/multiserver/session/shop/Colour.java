package dev.multiserver.session.shop;

public enum Colour { RED, GREEN }
