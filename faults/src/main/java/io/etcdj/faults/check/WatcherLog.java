package io.etcdj.faults.check;

import java.util.List;
import java.util.Objects;

/**
 * What one watcher saw: a recursive watch on {@code keyPrefix} at one member, as gap-free segments in order.
 *
 * @param watcher a name for reports, e.g. the member it watched
 * @param keyPrefix the key watched recursively: the key itself and every key under it ("/" for all), except hidden
 *     ({@code _}) keys under it, which etcd does not send to recursive watchers
 * @param segments in order, each starting after the previous one's {@code throughIndex}
 */
public record WatcherLog(String watcher, String keyPrefix, List<WatchSegment> segments) {
    public WatcherLog {
        Objects.requireNonNull(watcher, "watcher");
        Objects.requireNonNull(keyPrefix, "keyPrefix");
        segments = List.copyOf(segments);
        for (int i = 1; i < segments.size(); i++) {
            if (segments.get(i).fromIndex() <= segments.get(i - 1).throughIndex()) {
                throw new IllegalArgumentException("watcher " + watcher + ": segment " + i + " starts at index "
                        + segments.get(i).fromIndex() + ", inside the previous one (through "
                        + segments.get(i - 1).throughIndex() + ")");
            }
        }
    }

    /** A watcher on every key ("/"). */
    public WatcherLog(String watcher, List<WatchSegment> segments) {
        this(watcher, "/", segments);
    }

    /** True if a recursive watch on {@link #keyPrefix} is sent the events of {@code key}. */
    boolean watches(String key) {
        String prefix = keyPrefix.length() > 1 && keyPrefix.endsWith("/")
                ? keyPrefix.substring(0, keyPrefix.length() - 1)
                : keyPrefix;
        if (key.equals(prefix)) {
            return true;
        }
        String under = prefix.equals("/") ? "/" : prefix + "/";
        return key.startsWith(under) && !key.substring(under.length()).matches("(.*/)?_.*");
    }
}
