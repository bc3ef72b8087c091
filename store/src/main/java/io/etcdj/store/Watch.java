package io.etcdj.store;

/** A registered watch. A one-shot watch removes itself after its first event; a stream watch lasts until cancelled. */
public interface Watch {
    /** Stops delivery and unregisters; idempotent. */
    void cancel();
}
