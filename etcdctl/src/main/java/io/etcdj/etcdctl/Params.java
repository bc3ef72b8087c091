package io.etcdj.etcdctl;

import java.util.LinkedHashMap;
import java.util.Map;

/** Builds /v2/keys parameters in a stable order (the --debug curl line shows them as sent). */
final class Params {
    private final Map<String, String> map = new LinkedHashMap<>();

    Params put(String name, String value) {
        if (value != null) {
            map.put(name, value);
        }
        return this;
    }

    Params flag(String name, boolean on) {
        if (on) {
            map.put(name, "true");
        }
        return this;
    }

    /** --ttl N becomes ttl=N; checked here so that "--ttl abc" is a usage error (exit 1), not a server one. */
    Params ttl(Invocation inv) throws UsageException {
        Long ttl = inv.number("ttl");
        if (ttl != null) {
            map.put("ttl", Long.toString(ttl));
        }
        return this;
    }

    Map<String, String> map() {
        return map;
    }
}
