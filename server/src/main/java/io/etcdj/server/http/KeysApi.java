package io.etcdj.server.http;

import io.etcdj.store.Event;
import io.etcdj.store.StoreException;

/**
 * What differs between the key APIs a node serves (etcd 0.4.6's /v2/keys and its legacy /v1/keys and /v1/watch):
 * which paths are theirs, how a request is read and how results are shown. Everything else (forms, redirects to the
 * leader, proposals, parked writes and watches with their bounds) is {@link KeysHandler}'s, shared by both.
 */
interface KeysApi {
    /** The still percent-encoded key in {@code rawPath} ("" for the root), or null when the path is not ours. */
    String rawKey(String rawPath);

    /** The Allow header of a 405 for this path. */
    String allowedMethods(String rawPath);

    /** @return null when {@code method} is not one this path takes (the caller answers 405) */
    KeyRequest parse(String method, String rawPath, String key, FormParams form, long storeIndex) throws StoreException;

    /** The body of a read (a GET without wait). */
    byte[] readJson(Event event);

    /** The HTTP status of an applied write. */
    int writeStatus(Event event);

    /** The body of an applied write. */
    byte[] writeJson(Event event);

    /** The body a watcher is given for an event (encoded once for all the API's watchers of it). */
    byte[] watchJson(Event event);

    /** The error a client is given when the store refuses a watch (its start index is no longer in the history). */
    StoreException watchRefused(StoreException refused, String key);
}
