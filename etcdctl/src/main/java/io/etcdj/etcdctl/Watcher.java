package io.etcdj.etcdctl;

import java.io.IOException;

/**
 * The long-poll loop shared by watch and exec-watch: GET ?wait=true, then ask again from the event's
 * modifiedIndex + 1 so no event is missed between two polls. --after-index N waits from N + 1, as 0.4.6.
 */
final class Watcher {
    interface Handler {
        void onEvent(EtcdResponse event) throws IOException, InterruptedException;
    }

    private Watcher() {}

    static void watch(Invocation inv, String key, boolean forever, Handler handler)
            throws UsageException, EtcdException, ClusterUnreachableException, IOException, InterruptedException {
        Long after = inv.number("after-index");
        long waitIndex = after == null || after == 0 ? 0 : after + 1;
        do {
            Params p = new Params()
                    .put("wait", "true")
                    .flag("recursive", inv.args.isTrue("recursive"))
                    .put("waitIndex", waitIndex == 0 ? null : Long.toString(waitIndex));
            EtcdResponse event = inv.client().keys("GET", key, p.map(), true);
            handler.onEvent(event);
            waitIndex = event.node().path("modifiedIndex").asLong() + 1;
        } while (forever && !Thread.currentThread().isInterrupted());
        if (Thread.currentThread().isInterrupted()) {
            throw new InterruptedException();
        }
    }
}
