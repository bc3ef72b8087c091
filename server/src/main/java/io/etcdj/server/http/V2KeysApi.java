package io.etcdj.server.http;

import io.etcdj.store.Action;
import io.etcdj.store.Event;
import io.etcdj.store.StoreException;
import java.time.Clock;

/** /v2/keys as etcd 0.4.6 serves it: {@link KeyRequestParser}'s rules, {@link EtcdJson}'s events, 201 on create. */
final class V2KeysApi implements KeysApi {
    static final String PREFIX = "/v2/keys";
    private static final String ALLOWED = "GET, HEAD, PUT, POST, DELETE";

    private final KeyRequestParser parser;

    V2KeysApi(Clock clock) {
        this.parser = new KeyRequestParser(clock);
    }

    @Override
    public String rawKey(String rawPath) {
        return rawPath.equals(PREFIX) || rawPath.startsWith(PREFIX + "/") ? rawPath.substring(PREFIX.length()) : null;
    }

    @Override
    public String allowedMethods(String rawPath) {
        return ALLOWED;
    }

    @Override
    public KeyRequest parse(String method, String rawPath, String key, FormParams form, long storeIndex)
            throws StoreException {
        return parser.parse(method, key, form, storeIndex);
    }

    @Override
    public byte[] readJson(Event event) {
        return EtcdJson.event(event);
    }

    @Override
    public int writeStatus(Event event) {
        boolean created = event.action() == Action.CREATE || (event.action() == Action.SET && event.prevNode() == null);
        return created ? 201 : 200;
    }

    @Override
    public byte[] writeJson(Event event) {
        return EtcdJson.event(event);
    }

    @Override
    public byte[] watchJson(Event event) {
        return EtcdJson.event(event);
    }

    @Override
    public StoreException watchRefused(StoreException refused, String key) {
        return refused;
    }
}
