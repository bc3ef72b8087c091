package io.etcdj.server.http;

import io.etcdj.server.command.Command;
import io.etcdj.store.ErrorCode;
import io.etcdj.store.StoreException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Locale;

/**
 * Turns a /v2/keys request into a {@link KeyRequest}, with the rules of etcd 0.4.6's v2 handlers
 * (server/v2/{get,put,post,delete}_handler.go). Bad input is refused here with etcd's error, before anything is
 * logged. TTLs become absolute expirations from the leader's clock, so replicas and replays agree.
 */
final class KeyRequestParser {
    /**
     * The members' own keys (etcd 0.4's registry, {@code /_etcd/machines/<name>}): the cluster writes them through
     * the log when membership changes, and /v2/machines, /v2/leader and the followers' redirects read them, so a
     * client must not write them. etcd 0.1 refused writes here with its keyword check; 0.4.6 kept the error code
     * (106) but lost the check.
     */
    static final String RESERVED_DIR = "_etcd";
    /**
     * The one place under {@code /_etcd} clients may write: {@code /_etcd/registry/<token>/...}, the registry a
     * discovery service keeps in its backend (etcd 0.4.6 let discovery.etcd.io write there; so does this project's
     * {@code bin/discovery}). The directory itself stays read-only, so one request cannot drop every token.
     */
    static final String DISCOVERY_REGISTRY_DIR = "registry";

    private final Clock clock;

    KeyRequestParser(Clock clock) {
        this.clock = clock;
    }

    /** @param storeIndex reported in errors, as etcd does */
    KeyRequest parse(String method, String key, FormParams form, long storeIndex) throws StoreException {
        return switch (method) {
            case "GET", "HEAD" -> parseGet(key, form, storeIndex);
            case "PUT" -> new KeyRequest.Write(parsePut(writable(key, storeIndex), form, storeIndex));
            case "POST" -> new KeyRequest.Write(parsePost(writable(key, storeIndex), form, storeIndex));
            case "DELETE" -> new KeyRequest.Write(parseDelete(writable(key, storeIndex), form, storeIndex));
            default -> throw new IllegalArgumentException("method " + method);
        };
    }

    /**
     * Refuses a write to {@code /_etcd} or below (106, HTTP 400), whatever the spelling: the key is judged as the
     * store will clean it (Go's path.Clean of "/" + key), so {@code //_etcd/}, {@code /a/../_etcd/machines/x} and
     * the percent-encoded forms (decoded before this) are caught. Reads stay allowed, and so do writes below
     * {@code /_etcd/registry/} ({@link #DISCOVERY_REGISTRY_DIR}).
     */
    static String writable(String key, long storeIndex) throws StoreException {
        if (key.contains(RESERVED_DIR) && RESERVED_DIR.equals(firstCleanComponent(key)) && !inDiscoveryRegistry(key)) {
            // Cause "/_etcd", as etcd names "/" in its 107 "Root is read only".
            throw new StoreException(ErrorCode.KEYWORD_PREFIX, "/" + RESERVED_DIR, storeIndex);
        }
        return key;
    }

    /** The first component of path.Clean("/" + key), or "" for the root; linear in the key's length. */
    static String firstCleanComponent(String key) {
        ArrayDeque<String> parts = cleanComponents(key);
        return parts.isEmpty() ? "" : parts.peekFirst();
    }

    /** True for {@code /_etcd/registry/<token>} and below, once cleaned; false for {@code /_etcd/registry} itself. */
    static boolean inDiscoveryRegistry(String key) {
        ArrayDeque<String> parts = cleanComponents(key);
        if (parts.size() < 3 || !RESERVED_DIR.equals(parts.pollFirst())) {
            return false;
        }
        return DISCOVERY_REGISTRY_DIR.equals(parts.pollFirst());
    }

    /** The components of path.Clean("/" + key); linear in the key's length. */
    private static ArrayDeque<String> cleanComponents(String key) {
        ArrayDeque<String> parts = new ArrayDeque<>();
        for (String part : key.split("/", -1)) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                parts.pollLast(); // ".." above the root stays at the root, as in path.Clean
            } else {
                parts.addLast(part);
            }
        }
        return parts;
    }

    private KeyRequest parseGet(String key, FormParams form, long storeIndex) throws StoreException {
        boolean recursive = bool(form, "recursive", storeIndex);
        if (bool(form, "wait", storeIndex)) {
            long waitIndex = index(form, "waitIndex", storeIndex);
            return new KeyRequest.Watch(key, recursive, bool(form, "stream", storeIndex), waitIndex);
        }
        boolean quorum = bool(form, "consistent", storeIndex) | bool(form, "quorum", storeIndex);
        return new KeyRequest.Read(key, recursive, bool(form, "sorted", storeIndex), quorum);
    }

    private Command parsePut(String key, FormParams form, long storeIndex) throws StoreException {
        String value = form.value("value");
        boolean dir = bool(form, "dir", storeIndex);
        long expire = expiration(form, storeIndex);
        boolean valueCompared = form.has("prevValue");
        boolean indexCompared = form.has("prevIndex");
        boolean existCompared = form.has("prevExist");
        if (!valueCompared && !indexCompared && !existCompared) {
            return Command.set(key, dir, value, expire);
        }
        if (existCompared) {
            boolean prevExist = bool(form, "prevExist", storeIndex);
            if (!prevExist) {
                // prevValue and prevIndex are ignored for a create, as in etcd 0.4.
                return Command.create(key, dir, value, expire);
            }
            if (!valueCompared && !indexCompared) {
                // "ttl=" on a directory update makes it permanent (etcd 2's documented way to clear a dir's TTL).
                boolean clearsDirTtl = dir && form.has("ttl");
                if (value.isEmpty() && expire == Command.PERMANENT && !clearsDirTtl) {
                    throw new StoreException(ErrorCode.VALUE_OR_TTL_REQUIRED, "Update", storeIndex);
                }
                return Command.update(key, value, expire);
            }
        }
        String prevValue = compareValue(form, storeIndex);
        long prevIndex = indexCompared ? index(form, "prevIndex", storeIndex) : 0;
        return Command.compareAndSwap(key, value, prevValue, prevIndex, expire);
    }

    private Command parsePost(String key, FormParams form, long storeIndex) throws StoreException {
        boolean dir = bool(form, "dir", storeIndex);
        long expire = expiration(form, storeIndex);
        return Command.createInOrder(key, dir, form.value("value"), expire);
    }

    private Command parseDelete(String key, FormParams form, long storeIndex) throws StoreException {
        boolean recursive = bool(form, "recursive", storeIndex);
        boolean dir = bool(form, "dir", storeIndex);
        boolean valueCompared = form.has("prevValue");
        boolean indexCompared = form.has("prevIndex");
        if (!valueCompared && !indexCompared) {
            return Command.delete(key, dir, recursive);
        }
        String prevValue = compareValue(form, storeIndex);
        long prevIndex = indexCompared ? index(form, "prevIndex", storeIndex) : 0;
        return Command.compareAndDelete(key, prevValue, prevIndex);
    }

    /** prevValue given but empty is refused (201), as etcd 0.4 does; absent means "not compared". */
    private static String compareValue(FormParams form, long storeIndex) throws StoreException {
        if (!form.has("prevValue")) {
            return null;
        }
        String prevValue = form.value("prevValue");
        if (prevValue.isEmpty()) {
            throw new StoreException(ErrorCode.PREV_VALUE_REQUIRED, "CompareAndSwap", storeIndex);
        }
        return prevValue;
    }

    /** ttl absent or empty = permanent; otherwise a non-negative number of seconds from now. */
    private long expiration(FormParams form, long storeIndex) throws StoreException {
        String ttl = form.value("ttl");
        if (ttl.isEmpty()) {
            return Command.PERMANENT;
        }
        long seconds = unsigned(ttl);
        if (seconds < 0 || seconds > 100L * 365 * 24 * 3600) {
            throw new StoreException(ErrorCode.TTL_NAN, "invalid value for \"ttl\": " + quoteShort(ttl), storeIndex);
        }
        Instant now = clock.instant();
        return Math.addExact(Math.multiplyExact(now.getEpochSecond() + seconds, 1_000_000_000L), now.getNano());
    }

    private static long index(FormParams form, String name, long storeIndex) throws StoreException {
        String raw = form.value(name);
        if (raw.isEmpty() && !form.has(name)) {
            return 0;
        }
        long value = unsigned(raw);
        if (value < 0) {
            throw new StoreException(
                    ErrorCode.INDEX_NAN, "invalid value for \"" + name + "\": " + quoteShort(raw), storeIndex);
        }
        return value;
    }

    /** Go's strconv.ParseBool after etcd's lower-casing; absent or empty is false. */
    private static boolean bool(FormParams form, String name, long storeIndex) throws StoreException {
        String raw = form.get(name);
        if (raw == null || raw.isEmpty()) {
            return false;
        }
        switch (raw.toLowerCase(Locale.ROOT)) {
            case "true", "t", "1":
                return true;
            case "false", "f", "0":
                return false;
            default:
                throw new StoreException(
                        ErrorCode.INVALID_FIELD, "invalid value for \"" + name + "\": " + quoteShort(raw), storeIndex);
        }
    }

    /** A decimal number without sign, or -1 if it is not one (or overflows). */
    static long unsigned(String s) {
        if (s.isEmpty() || s.length() > 18) {
            return -1;
        }
        long value = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static String quoteShort(String s) {
        return "\"" + (s.length() > 40 ? s.substring(0, 40) + "..." : s) + "\"";
    }
}
