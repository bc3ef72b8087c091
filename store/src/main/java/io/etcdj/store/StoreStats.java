package io.etcdj.store;

import java.util.LinkedHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * etcd's /v2/stats/store counters. Gets are counted by concurrent readers, hence adders rather than plain fields.
 * Each failed or successful operation counts once, in its own category.
 */
final class StoreStats {
    final LongAdder getsSuccess = new LongAdder();
    final LongAdder getsFail = new LongAdder();
    final LongAdder setsSuccess = new LongAdder();
    final LongAdder setsFail = new LongAdder();
    final LongAdder deleteSuccess = new LongAdder();
    final LongAdder deleteFail = new LongAdder();
    final LongAdder updateSuccess = new LongAdder();
    final LongAdder updateFail = new LongAdder();
    final LongAdder createSuccess = new LongAdder();
    final LongAdder createFail = new LongAdder();
    final LongAdder compareAndSwapSuccess = new LongAdder();
    final LongAdder compareAndSwapFail = new LongAdder();
    final LongAdder compareAndDeleteSuccess = new LongAdder();
    final LongAdder compareAndDeleteFail = new LongAdder();
    final LongAdder expireCount = new LongAdder();

    /** The counters in etcd's JSON order, with the current number of watchers last. */
    LinkedHashMap<String, Long> snapshot(long watchers) {
        LinkedHashMap<String, Long> m = new LinkedHashMap<>();
        m.put("getsSuccess", getsSuccess.sum());
        m.put("getsFail", getsFail.sum());
        m.put("setsSuccess", setsSuccess.sum());
        m.put("setsFail", setsFail.sum());
        m.put("deleteSuccess", deleteSuccess.sum());
        m.put("deleteFail", deleteFail.sum());
        m.put("updateSuccess", updateSuccess.sum());
        m.put("updateFail", updateFail.sum());
        m.put("createSuccess", createSuccess.sum());
        m.put("createFail", createFail.sum());
        m.put("compareAndSwapSuccess", compareAndSwapSuccess.sum());
        m.put("compareAndSwapFail", compareAndSwapFail.sum());
        m.put("compareAndDeleteSuccess", compareAndDeleteSuccess.sum());
        m.put("compareAndDeleteFail", compareAndDeleteFail.sum());
        m.put("expireCount", expireCount.sum());
        m.put("watchers", watchers);
        return m;
    }
}
