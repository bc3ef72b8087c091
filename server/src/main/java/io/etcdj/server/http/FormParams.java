package io.etcdj.server.http;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Request parameters as Go's {@code Request.FormValue} sees them: the url-encoded body's values first, then the
 * query string's. Percent-encoding is decoded strictly: a malformed escape is a client error, never a crash.
 */
public final class FormParams {
    /** Each name's first value: only the first is ever read (Go's FormValue), so later ones are not kept. */
    private final Map<String, String> values = new HashMap<>();

    private FormParams() {}

    /** @throws IllegalArgumentException naming the malformed part */
    public static FormParams parse(String rawQuery, String rawBody) {
        return ofRequest(rawQuery, rawBody == null ? null : rawBody.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * @param rawBody the url-encoded body as received (UTF-8), parsed in place: each name and value is made a string
     *                once, the body is not copied again
     * @throws IllegalArgumentException naming the malformed part
     */
    public static FormParams ofRequest(String rawQuery, byte[] rawBody) {
        FormParams params = new FormParams();
        if (rawBody != null) {
            params.addAll(rawBody);
        }
        if (rawQuery != null) {
            params.addAll(rawQuery.getBytes(StandardCharsets.UTF_8));
        }
        return params;
    }

    /** The first value, or null when absent. */
    public String get(String name) {
        return values.get(name);
    }

    /** The first value, or "" when absent (Go's FormValue). */
    public String value(String name) {
        String v = get(name);
        return v == null ? "" : v;
    }

    public boolean has(String name) {
        return values.containsKey(name);
    }

    /**
     * Adds each {@code name=value} pair of an url-encoded body or query (as UTF-8 bytes). '&amp;' and '=' are ASCII,
     * never part of a UTF-8 sequence (valid or not), so splitting the bytes first and decoding each part as UTF-8
     * gives the same strings as decoding the whole text first.
     */
    private void addAll(byte[] encoded) {
        int start = 0;
        int length = encoded.length;
        while (start < length) {
            int end = indexOf(encoded, (byte) '&', start, length);
            if (end > start) {
                int eq = indexOf(encoded, (byte) '=', start, end);
                String name = decode(utf8(encoded, start, eq), true);
                String value = eq == end ? "" : decode(utf8(encoded, eq + 1, end), true);
                values.putIfAbsent(name, value);
            }
            start = end + 1;
        }
    }

    /** The first {@code b} in [from, to), or {@code to}. */
    private static int indexOf(byte[] bytes, byte b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return to;
    }

    private static String utf8(byte[] bytes, int from, int to) {
        return new String(bytes, from, to - from, StandardCharsets.UTF_8);
    }

    /**
     * Decodes %XX escapes (and '+' as space when {@code plusIsSpace}); the bytes must form valid UTF-8.
     *
     * @throws IllegalArgumentException for a malformed escape or invalid UTF-8
     */
    public static String decode(String s, boolean plusIsSpace) {
        if (s.indexOf('%') < 0 && (!plusIsSpace || s.indexOf('+') < 0)) {
            return s;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                int hi = i + 1 < s.length() ? Character.digit(s.charAt(i + 1), 16) : -1;
                int lo = i + 2 < s.length() ? Character.digit(s.charAt(i + 2), 16) : -1;
                if (hi < 0 || lo < 0) {
                    throw new IllegalArgumentException(
                            "invalid URL escape \"" + s.substring(i, Math.min(s.length(), i + 3)) + "\"");
                }
                bytes.write(hi * 16 + lo);
                i += 2;
            } else if (c == '+' && plusIsSpace) {
                bytes.write(' ');
            } else if (c < 0x80) {
                bytes.write(c);
            } else {
                byte[] utf8 = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                if (Character.isHighSurrogate(c) && i + 1 < s.length()) {
                    utf8 = s.substring(i, i + 2).getBytes(StandardCharsets.UTF_8);
                    i++;
                }
                bytes.write(utf8, 0, utf8.length);
            }
        }
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("percent-encoded bytes are not valid UTF-8");
        }
    }
}
