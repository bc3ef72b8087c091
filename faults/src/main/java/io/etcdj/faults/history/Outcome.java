package io.etcdj.faults.history;

/**
 * How an operation ended, as far as its client could tell.
 *
 * <p>In memory only: {@link History#writeJsonLines} writes the constant's name, never its ordinal.
 */
public enum Outcome {
    /** It happened and its result is known. */
    OK,
    /** It definitely did not happen (a refusal the server gives before doing anything). */
    FAIL,
    /**
     * Unknown (timeout, connection reset, 5xx): it may have taken effect at any time after its invocation, or never.
     */
    INFO
}
