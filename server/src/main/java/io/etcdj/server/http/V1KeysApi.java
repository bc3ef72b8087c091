package io.etcdj.server.http;

import io.etcdj.server.command.Command;
import io.etcdj.store.ErrorCode;
import io.etcdj.store.Event;
import io.etcdj.store.StoreException;
import java.time.Clock;
import java.time.Instant;

/**
 * etcd 0.4.6's legacy v1 key API (server/v1/*.go), served from the same store and log as /v2/keys:
 *
 * <ul>
 *   <li>{@code GET|HEAD /v1/keys/k}: the key, or a directory's children (one level, hidden ones left out);
 *   <li>{@code PUT|POST /v1/keys/k} with {@code value} (required), {@code ttl}, {@code prevValue}: a set, or with a
 *       non-empty prevValue a compare-and-swap, or with {@code prevValue=} a create (both shown as testAndSet);
 *       always 200;
 *   <li>{@code DELETE /v1/keys/k}: deletes a key (a directory is refused with 102, as there);
 *   <li>{@code GET|HEAD /v1/watch/k}: waits for the next change of exactly k (v1 watches were not recursive);
 *       {@code POST /v1/watch/k} with {@code index} waits from that index (no index is error 203, as there).
 * </ul>
 *
 * Writes on a follower are redirected to the leader (307) like v2's; errors are v2's JSON and statuses, except that
 * a watch the store refuses (its index has left the history) is error 500 with the key as cause, as 0.4.6 gave it.
 */
final class V1KeysApi implements KeysApi {
    static final String KEYS = "/v1/keys";
    static final String WATCH = "/v1/watch";
    private static final String KEYS_ALLOWED = "GET, HEAD, PUT, POST, DELETE";
    private static final String WATCH_ALLOWED = "GET, HEAD, POST";
    /** The same ceiling /v2/keys puts on a TTL: a century, so that the expiration cannot overflow. */
    private static final long MAX_TTL_SECONDS = 100L * 365 * 24 * 3600;

    private final Clock clock;

    V1KeysApi(Clock clock) {
        this.clock = clock;
    }

    @Override
    public String rawKey(String rawPath) {
        String rest = after(rawPath, KEYS);
        return rest != null ? rest : after(rawPath, WATCH);
    }

    private static String after(String rawPath, String prefix) {
        return rawPath.equals(prefix) || rawPath.startsWith(prefix + "/") ? rawPath.substring(prefix.length()) : null;
    }

    private static boolean isWatch(String rawPath) {
        return after(rawPath, WATCH) != null;
    }

    @Override
    public String allowedMethods(String rawPath) {
        return isWatch(rawPath) ? WATCH_ALLOWED : KEYS_ALLOWED;
    }

    @Override
    public KeyRequest parse(String method, String rawPath, String key, FormParams form, long storeIndex)
            throws StoreException {
        if (isWatch(rawPath)) {
            return switch (method) {
                case "GET", "HEAD" -> new KeyRequest.Watch(key, false, false, 0);
                case "POST" -> new KeyRequest.Watch(key, false, false, sinceIndex(form, storeIndex));
                default -> null;
            };
        }
        return switch (method) {
            case "GET", "HEAD" -> new KeyRequest.Read(key, false, false, false);
            case "PUT", "POST" ->
                new KeyRequest.Write(set(KeyRequestParser.writable(key, storeIndex), form, storeIndex));
            case "DELETE" ->
                new KeyRequest.Write(Command.delete(KeyRequestParser.writable(key, storeIndex), false, false));
            default -> null;
        };
    }

    /** server/v1/set_key_handler.go: value required; prevValue=x is a compare-and-swap, prevValue= a create. */
    private Command set(String key, FormParams form, long storeIndex) throws StoreException {
        String value = form.value("value");
        if (value.isEmpty()) {
            throw new StoreException(ErrorCode.VALUE_REQUIRED, "Set", storeIndex);
        }
        long expire = expiration(form.value("ttl"), storeIndex);
        if (!form.has("prevValue")) {
            return Command.set(key, false, value, expire);
        }
        String prevValue = form.value("prevValue");
        return prevValue.isEmpty()
                ? Command.create(key, false, value, expire)
                : Command.compareAndSwap(key, value, prevValue, 0, expire);
    }

    private long expiration(String ttl, long storeIndex) throws StoreException {
        if (ttl.isEmpty()) {
            return Command.PERMANENT;
        }
        long seconds = KeyRequestParser.unsigned(ttl);
        if (seconds < 0 || seconds > MAX_TTL_SECONDS) {
            throw new StoreException(ErrorCode.TTL_NAN, "Set", storeIndex);
        }
        Instant now = clock.instant();
        return Math.addExact(Math.multiplyExact(now.getEpochSecond() + seconds, 1_000_000_000L), now.getNano());
    }

    private static long sinceIndex(FormParams form, long storeIndex) throws StoreException {
        long index = KeyRequestParser.unsigned(form.value("index"));
        if (index < 0) {
            throw new StoreException(ErrorCode.INDEX_NAN, "Watch From Index", storeIndex);
        }
        return index;
    }

    /** 0.4.6 reported the store's index with a read; a get event carries it. */
    @Override
    public byte[] readJson(Event event) {
        return V1Json.response(event, event.index());
    }

    @Override
    public int writeStatus(Event event) {
        return 200;
    }

    @Override
    public byte[] writeJson(Event event) {
        return V1Json.response(event, 0);
    }

    /**
     * 0.4.6 reported the store's index at the moment the watcher woke; that is the event's own index unless more
     * were applied in between, and one encoding must serve every watcher of the event, so the event's index it is.
     */
    @Override
    public byte[] watchJson(Event event) {
        return V1Json.response(event, event.index());
    }

    @Override
    public StoreException watchRefused(StoreException refused, String key) {
        return new StoreException(ErrorCode.CLIENT_INTERNAL, key, refused.index());
    }
}
