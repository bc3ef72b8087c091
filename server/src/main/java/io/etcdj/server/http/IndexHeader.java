package io.etcdj.server.http;

import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.PreEncodedHttpField;

/**
 * One of the index headers every key response carries (X-Etcd-Index, X-Raft-Index, X-Raft-Term), remembered for the
 * last value it was given: the term and, between writes, the indexes stay the same for many responses, which then share
 * one pre-encoded field instead of formatting the number (and encoding the header) each time. Thread-safe: the cached
 * pair is immutable and replaced whole; a race only means a field is built twice.
 */
final class IndexHeader {
    private record Cached(long value, HttpField field) {}

    private final String name;
    private volatile Cached last;

    IndexHeader(String name) {
        this.name = name;
        this.last = new Cached(0, new PreEncodedHttpField(name, "0"));
    }

    HttpField field(long value) {
        Cached cached = last;
        if (cached.value != value) {
            cached = new Cached(value, new PreEncodedHttpField(name, Long.toString(value)));
            last = cached;
        }
        return cached.field;
    }
}
