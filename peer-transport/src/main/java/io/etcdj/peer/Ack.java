package io.etcdj.peer;

/** The outcome of an administrative call (remove, transfer leadership): done, or refused with a reason. */
public record Ack(boolean ok, String error) {
    public static final Ack OK = new Ack(true, "");

    public Ack {
        error = error == null ? "" : error;
    }

    public static Ack refused(String error) {
        return new Ack(false, error);
    }
}
