package io.etcdj.faults.history;

/** What a register operation does. In memory only: written to files by name, never by ordinal. */
public enum OpKind {
    /** A GET of the key: observes the value (null when the key is absent). */
    READ,
    /** A PUT of a value, unconditional. */
    WRITE,
    /** A PUT with prevValue: replaces the value only when the current one equals the expected one. */
    CAS
}
