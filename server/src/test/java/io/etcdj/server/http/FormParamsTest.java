package io.etcdj.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class FormParamsTest {

    @Test
    void bodyValuesComeBeforeQueryValues() {
        FormParams p = FormParams.parse("value=fromquery&onlyquery=q", "value=frombody&onlybody=b");
        assertEquals("frombody", p.get("value"));
        assertEquals("q", p.get("onlyquery"));
        assertEquals("b", p.get("onlybody"));
    }

    @Test
    void firstOfRepeatedValuesWins() {
        assertEquals("1", FormParams.parse("a=1&a=2", null).get("a"));
    }

    @Test
    void nullQueryAndBody() {
        FormParams p = FormParams.parse(null, null);
        assertNull(p.get("x"));
        assertEquals("", p.value("x"));
        assertFalse(p.has("x"));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "value=a+b|a b",
                "value=a%20b|a b",
                "value=%2Fdir%2Fkey|/dir/key",
                "value=%2fdir|/dir",
                "value=a%2Bb|a+b",
                "value=%E6%97%A5%E6%9C%AC|日本",
                "value=日本|日本",
                "value=🎉|🎉",
                "value=x=y|x=y",
                "&&value=v&|v",
                "value=%25|%",
            })
    void decodesValues(String form, String expected) {
        assertEquals(expected, FormParams.parse(form, null).get("value"), "query");
        assertEquals(expected, FormParams.parse(null, form).get("value"), "body");
    }

    @Test
    void namesAreDecodedToo() {
        assertEquals("v", FormParams.parse("prev%56alue=v", null).get("prevValue"));
        assertEquals("v", FormParams.parse("a+b=v", null).get("a b"));
    }

    @Test
    void plusIsSpaceOnlyInForms() {
        assertEquals("a+b", FormParams.decode("a+b", false));
        assertEquals("a b", FormParams.decode("a+b", true));
        assertEquals("a/b", FormParams.decode("a%2Fb", false));
    }

    @Test
    void presentButEmpty() {
        FormParams p = FormParams.parse("prevValue=&flag", null);
        assertTrue(p.has("prevValue"));
        assertEquals("", p.get("prevValue"));
        assertTrue(p.has("flag"));
        assertEquals("", p.get("flag"));
        assertFalse(p.has("value"));
        assertNull(p.get("value"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"%zz", "%4", "%", "abc%", "a%g1", "%e9", "%C3%28", "%ff%fe", "%ED%A0%80", "%C0%AF"})
    void malformedEscapesAreIllegalArguments(String bad) {
        assertThrows(IllegalArgumentException.class, () -> FormParams.decode(bad, false), "path " + bad);
        assertThrows(IllegalArgumentException.class, () -> FormParams.parse("value=" + bad, null), "query " + bad);
        assertThrows(IllegalArgumentException.class, () -> FormParams.parse(null, "value=" + bad), "body " + bad);
        assertThrows(IllegalArgumentException.class, () -> FormParams.parse(bad + "=1", null), "name " + bad);
    }

    /**
     * The body is parsed as bytes, split before it is decoded: for any bytes (invalid UTF-8 next to '&' or '=' too)
     * that must give what decoding the whole body as UTF-8 first and splitting the text gives.
     */
    @Test
    void bodyBytesParseAsTheirUtf8Text() {
        byte[] alphabet = {
            'a',
            'b',
            '&',
            '=',
            '+',
            (byte) 0xC3,
            (byte) 0xA9,
            (byte) 0xE6,
            (byte) 0x97,
            (byte) 0xF0,
            (byte) 0x9F,
            (byte) 0x80,
            (byte) 0xFF
        };
        java.util.Random random = new java.util.Random(14);
        for (int round = 0; round < 20_000; round++) {
            byte[] body = new byte[random.nextInt(12)];
            for (int i = 0; i < body.length; i++) {
                body[i] = alphabet[random.nextInt(alphabet.length)];
            }
            String text = new String(body, java.nio.charset.StandardCharsets.UTF_8);
            FormParams fromBytes = FormParams.ofRequest(null, body);
            java.util.Map<String, String> expected = new java.util.HashMap<>();
            for (String pair : text.split("&")) {
                if (!pair.isEmpty()) {
                    int eq = pair.indexOf('=');
                    expected.putIfAbsent(
                            FormParams.decode(eq < 0 ? pair : pair.substring(0, eq), true),
                            eq < 0 ? "" : FormParams.decode(pair.substring(eq + 1), true));
                }
            }
            for (java.util.Map.Entry<String, String> e : expected.entrySet()) {
                assertEquals(
                        e.getValue(),
                        fromBytes.get(e.getKey()),
                        () -> java.util.HexFormat.of().formatHex(body));
            }
            for (String name : new String[] {"a", "b", "ab", "a b", "", "\u00e9", "\ufffd"}) {
                assertEquals(
                        expected.containsKey(name),
                        fromBytes.has(name),
                        () -> java.util.HexFormat.of().formatHex(body));
            }
        }
    }
}
