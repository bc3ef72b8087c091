package io.etcdj.raft;

import java.nio.charset.StandardCharsets;
import java.util.List;

/** Human-readable one-line forms, shared by {@code toString()} and the test transcripts. */
public final class Describe {
    private Describe() {}

    /** {@code 1/4 EntryNormal "data"} or {@code 5/7 EntryConfChange v3}. */
    public static String entry(Entry e) {
        String head = e.term() + "/" + e.index() + " ";
        if (e.type() == EntryType.CONF_CHANGE) {
            String cc;
            try {
                cc = ConfChange.decode(e.data()).toString();
            } catch (IllegalArgumentException ex) {
                cc = "<bad:" + e.data().length + "B>";
            }
            return head + "EntryConfChange " + cc;
        }
        return head + "EntryNormal " + quote(e.data());
    }

    public static String entries(List<Entry> entries) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < entries.size(); i++) {
            sb.append(i == 0 ? "" : ", ").append(entry(entries.get(i)));
        }
        return sb.append(']').toString();
    }

    /** {@code 1->2 MsgApp Term:1 Log:1/2 Commit:2 Entries:[...]}, in the style of etcd-io/raft's transcripts. */
    public static String message(Message m) {
        StringBuilder sb = new StringBuilder();
        sb.append(m.from())
                .append("->")
                .append(m.to())
                .append(' ')
                .append(m.type())
                .append(" Term:")
                .append(m.term())
                .append(" Log:")
                .append(m.logTerm())
                .append('/')
                .append(m.index());
        if (m.reject()) {
            sb.append(" Rejected (Hint: ").append(m.rejectHint()).append(')');
        }
        if (m.commit() != 0) {
            sb.append(" Commit:").append(m.commit());
        }
        if (!m.entries().isEmpty()) {
            sb.append(" Entries:").append(entries(m.entries()));
        }
        if (m.snapshot() != null && !m.snapshot().isEmpty()) {
            sb.append(" Snapshot: ").append(m.snapshot());
        }
        if (m.context().length > 0) {
            sb.append(" Context:").append(quote(m.context()));
        }
        return sb.toString();
    }

    static String quote(byte[] data) {
        StringBuilder sb = new StringBuilder("\"");
        for (byte b : data) {
            if (b >= 0x20 && b < 0x7f && b != '"' && b != '\\') {
                sb.append((char) b);
            } else {
                sb.append(String.format("\\x%02x", b & 0xff));
            }
        }
        return sb.append('"').toString();
    }

    static String utf8(byte[] data) {
        return new String(data, StandardCharsets.UTF_8);
    }
}
