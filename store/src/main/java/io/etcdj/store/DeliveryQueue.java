package io.etcdj.store;

import java.util.ArrayDeque;
import java.util.List;

/**
 * Hands events to listeners outside the store's lock yet strictly in index order. Deliveries are queued while the
 * write lock is held (hence in index order); after releasing it the mutating thread drains the queue unless another
 * thread is already draining, in which case that thread delivers them. Nothing is held while a listener runs, so a
 * listener may read or even mutate the store: its own deliveries queue up behind the ones being drained.
 */
final class DeliveryQueue {
    private static final System.Logger LOG = System.getLogger(DeliveryQueue.class.getName());

    private final ArrayDeque<Delivery> pending = new ArrayDeque<>();
    private boolean draining;

    /** Call while holding the store's write lock. */
    synchronized void add(List<Delivery> batch) {
        pending.addAll(batch);
    }

    /** Call after releasing the store's lock: delivers everything queued, unless another thread is at it. */
    void drain() {
        synchronized (this) {
            if (draining) {
                return;
            }
            draining = true;
        }
        while (true) {
            Delivery d;
            synchronized (this) {
                d = pending.poll();
                if (d == null) {
                    draining = false;
                    return;
                }
            }
            try {
                d.watcher().deliver(d.event());
            } catch (RuntimeException e) {
                // The mutation is already applied; one faulty listener must not starve the others.
                LOG.log(
                        System.Logger.Level.WARNING,
                        "watch listener failed on event " + d.event().index(),
                        e);
            }
        }
    }
}
