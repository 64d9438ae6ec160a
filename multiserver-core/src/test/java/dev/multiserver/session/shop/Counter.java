package dev.multiserver.session.shop;

/** A mutable POJO, as applications keep in sessions and change in place. */
public class Counter {

    private int count;

    public int getCount() {
        return count;
    }

    public void setCount(int count) {
        this.count = count;
    }

    public void increment() {
        count++;
    }
}
