package io.etcdj.server.http;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Request parameters as Go's {@code Request.FormValue} sees them: the url-encoded body's values first, then the
 * query string's. Percent-encoding is decoded strictly: a malformed escape is a client error, never a crash.
 */
public final class FormParams {
    private final Map<String, List<String>> values = new HashMap<>();

    private FormParams() {}

    /** @throws IllegalArgumentException naming the malformed part */
    public static FormParams parse(String rawQuery, String rawBody) {
        FormParams params = new FormParams();
        if (rawBody != null) {
            params.addAll(rawBody);
        }
        if (rawQuery != null) {
            params.addAll(rawQuery);
        }
        return params;
    }

    /** The first value, or null when absent. */
    public String get(String name) {
        List<String> list = values.get(name);
        return list == null ? null : list.get(0);
    }

    /** The first value, or "" when absent (Go's FormValue). */
    public String value(String name) {
        String v = get(name);
        return v == null ? "" : v;
    }

    public boolean has(String name) {
        return values.containsKey(name);
    }

    private void addAll(String encoded) {
        int start = 0;
        int length = encoded.length();
        while (start <= length) {
            int amp = encoded.indexOf('&', start);
            int end = amp < 0 ? length : amp;
            if (end > start) {
                String pair = encoded.substring(start, end);
                int eq = pair.indexOf('=');
                String name = decode(eq < 0 ? pair : pair.substring(0, eq), true);
                String value = eq < 0 ? "" : decode(pair.substring(eq + 1), true);
                values.computeIfAbsent(name, k -> new ArrayList<>(1)).add(value);
            }
            if (amp < 0) {
                break;
            }
            start = amp + 1;
        }
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
