package io.etcdj.server.command;

import io.etcdj.store.Event;
import io.etcdj.store.Store;
import io.etcdj.store.StoreException;
import java.time.Instant;
import java.util.List;

/**
 * Applies logged commands to the store. Deterministic: the same commands in the same order give the same store on
 * every replica and on every replay, because no input comes from outside the command.
 */
public final class Applier {
    private final Store store;

    public Applier(Store store) {
        this.store = store;
    }

    /**
     * @return the event of the mutation (for EXPIRE: the last expire event, or null when nothing expired)
     * @throws StoreException when the keyspace refuses the command (a failed compare, a missing key...)
     */
    public Event apply(Command c) throws StoreException {
        Instant expire = toInstant(c.expireEpochNanos());
        return switch (c.op()) {
            case SET -> store.set(c.key(), c.dir(), c.value(), expire);
            case CREATE -> store.create(c.key(), c.dir(), c.value(), c.unique(), expire);
            case UPDATE -> store.update(c.key(), c.value(), expire);
            case COMPARE_AND_SWAP -> store.compareAndSwap(c.key(), c.prevValue(), c.prevIndex(), c.value(), expire);
            case DELETE -> store.delete(c.key(), c.dir(), c.recursive());
            case COMPARE_AND_DELETE -> store.compareAndDelete(c.key(), c.prevValue(), c.prevIndex());
            case EXPIRE -> {
                List<Event> expired = store.deleteExpiredKeys(expire);
                yield expired.isEmpty() ? null : expired.get(expired.size() - 1);
            }
        };
    }

    public static Instant toInstant(long epochNanos) {
        if (epochNanos == Command.PERMANENT) {
            return null;
        }
        return Instant.ofEpochSecond(
                Math.floorDiv(epochNanos, 1_000_000_000L), Math.floorMod(epochNanos, 1_000_000_000L));
    }

    public static long toEpochNanos(Instant instant) {
        if (instant == null) {
            return Command.PERMANENT;
        }
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000_000L), instant.getNano());
    }
}
