package io.etcdj.server.http;

import java.util.Set;

/** How the client port fits etcd 0.4.6's v1 API beside v2's. */
final class V1Routes {
    /** The v1 paths 0.4.6 answered with the same handlers as their /v2 twins (server/server.go installV1). */
    private static final Set<String> SAME_AS_V2 =
            Set.of("/v1/leader", "/v1/machines", "/v1/peers", "/v1/stats/self", "/v1/stats/leader", "/v1/stats/store");

    private V1Routes() {}

    /**
     * The info route to answer {@code path} with: a v1 twin becomes its /v2 path (a follower's redirect of
     * /v1/stats/leader therefore names /v2/stats/leader, which answers the same JSON); any other path is itself.
     */
    static String infoPath(String path) {
        return SAME_AS_V2.contains(path) ? "/v2" + path.substring("/v1".length()) : path;
    }

    /**
     * v1 watchers get their own dispatcher (their JSON differs, and one dispatcher's encodings are shared by all its
     * watchers): each as bounded as a v2 watcher, all of them together a quarter of what v2's may hold, so the node's
     * total grows by a quarter at most. v1 is legacy; its watchers are one-shot and few.
     */
    static WatchLimits watchLimits(WatchLimits v2) {
        return new WatchLimits(
                v2.maxWatcherBytes(),
                v2.maxWatcherEvents(),
                Math.max(1, v2.maxTotalBytes() / 4),
                Math.max(1, v2.maxPendingEvents() / 4),
                Math.max(1, v2.maxPendingBytes() / 4),
                v2.cutOffGraceMs());
    }
}
