package io.etcdj.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.eclipse.jetty.http.HttpField;
import org.junit.jupiter.api.Test;

class IndexHeaderTest {

    @Test
    void anUnchangedValueSharesOneFieldAndAChangedOneIsExact() {
        IndexHeader header = new IndexHeader("X-Raft-Term");
        HttpField first = header.field(7);
        assertEquals("X-Raft-Term", first.getName());
        assertEquals("7", first.getValue());
        assertSame(first, header.field(7));

        assertEquals("1234567890123", header.field(1_234_567_890_123L).getValue());
        assertEquals("0", header.field(0).getValue());
        assertEquals("7", header.field(7).getValue());
    }
}
