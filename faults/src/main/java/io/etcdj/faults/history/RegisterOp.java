package io.etcdj.faults.history;

import java.util.Objects;

/**
 * One operation on one register key, complete: its invocation and how it ended.
 *
 * @param id unique within a history ({@link History#begin()})
 * @param client the client (logical process) that ran it; a client runs one operation at a time
 * @param key the register's key
 * @param kind what it does
 * @param value WRITE: the value written; CAS: the new value; READ: the value read (null = key absent), meaningful only
 *     when the outcome is OK
 * @param expected CAS: the prevValue compared against; null for the other kinds
 * @param outcome for CAS, OK means the server answered: swapped ({@code casSucceeded}) or refused with errorCode 101
 *     (compare failed) or 100 (key not found); FAIL means not swapped for certain; INFO means unknown
 * @param casSucceeded CAS only: true when the swap happened; false when the compare was refused, which makes the
 *     operation an observation that the value differed from {@code expected} at its linearization point
 * @param invokeNanos {@link System#nanoTime()} when the request was sent
 * @param completeNanos {@link System#nanoTime()} when the answer came; the checkers treat it as +infinity for INFO
 */
public record RegisterOp(
        long id,
        int client,
        String key,
        OpKind kind,
        String value,
        String expected,
        Outcome outcome,
        boolean casSucceeded,
        long invokeNanos,
        long completeNanos) {

    public RegisterOp {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(outcome, "outcome");
    }

    /**
     * A short human form for failure reports, e.g. {@code #12 c3 CAS 'a'->'b' OK swapped [1200..1530]ns}, with times
     * relative to {@code originNanos} (the first invocation of the history, say).
     */
    public String describe(long originNanos) {
        StringBuilder text = new StringBuilder()
                .append('#')
                .append(id)
                .append(" c")
                .append(client)
                .append(' ');
        switch (kind) {
            case READ -> text.append("READ -> ").append(quote(value));
            case WRITE -> text.append("WRITE ").append(quote(value));
            case CAS -> text.append("CAS ").append(quote(expected)).append("->").append(quote(value));
        }
        text.append(' ').append(outcome);
        if (kind == OpKind.CAS && outcome == Outcome.OK) {
            text.append(casSucceeded ? " swapped" : " refused");
        }
        text.append(" [").append(invokeNanos - originNanos).append("..");
        text.append(outcome == Outcome.INFO ? "?" : Long.toString(completeNanos - originNanos));
        return text.append("]ns").toString();
    }

    private static String quote(String value) {
        return value == null ? "(absent)" : "'" + value + "'";
    }
}
