package io.etcdj.server.http;

import org.eclipse.jetty.http.HttpField;

/**
 * One of the index headers every key response carries (X-Etcd-Index, X-Raft-Index, X-Raft-Term), remembered for the
 * last value it was given: the term and, between writes, the indexes stay the same for many responses, which then share
 * one field instead of formatting the number each time. A plain field, not a pre-encoded one: under writes the indexes
 * change with every response, and pre-encoding (for HTTP/1 and HPACK) cost more than it saved (measured with JFR).
 * Thread-safe: the cached pair is immutable and replaced whole; a race only means a field is built twice.
 */
final class IndexHeader {
    private record Cached(long value, HttpField field) {}

    private final String name;
    private volatile Cached last;

    IndexHeader(String name) {
        this.name = name;
        this.last = new Cached(0, newField(name, 0));
    }

    HttpField field(long value) {
        Cached cached = last;
        if (cached.value != value) {
            cached = new Cached(value, newField(name, value));
            last = cached;
        }
        return cached.field;
    }

    private static HttpField newField(String name, long value) {
        // No HttpHeader: these are not standard headers, so Jetty's name lookup is skipped.
        return new HttpField(null, name, Long.toString(value));
    }
}
