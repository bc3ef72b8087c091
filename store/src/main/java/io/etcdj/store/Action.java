package io.etcdj.store;

/** The action of an event, with the name etcd puts on the wire. */
public enum Action {
    GET("get"),
    SET("set"),
    CREATE("create"),
    UPDATE("update"),
    DELETE("delete"),
    COMPARE_AND_SWAP("compareAndSwap"),
    COMPARE_AND_DELETE("compareAndDelete"),
    EXPIRE("expire");

    private final String wireName;

    Action(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }
}
