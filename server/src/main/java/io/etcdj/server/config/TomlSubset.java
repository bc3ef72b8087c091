package io.etcdj.server.config;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A strict reader of the part of TOML that etcd 0.4.6's configuration file uses: {@code # comments}, {@code [table]}
 * headers, {@code key = value} lines whose value is a string ("basic" with escapes, or 'literal'), an integer, a
 * float, a boolean, or an array of those (which may span lines). Each entry keeps its line number, which is why this
 * project does not use a general TOML library: jackson-dataformat-toml parses into a tree first and loses where each
 * key was, and an operator needs "line 7: unknown key" to fix a file. Anything outside the subset (dotted keys,
 * inline tables, dates, multi-line strings, arrays of tables) is refused with its line number, never guessed at.
 */
final class TomlSubset {
    /** One {@code key = value}: the key with its table ({@code peer.addr}), and its 1-based line. */
    record Entry(String key, Object value, int line) {}

    /** Files this large are surely not a configuration file: refuse rather than read it all. */
    static final int MAX_CHARS = 1 << 20;

    private final String text;
    private final String fileName;
    private int pos;
    private int line = 1;

    private TomlSubset(String text, String fileName) {
        this.text = text;
        this.fileName = fileName;
    }

    /** The entries in file order; a syntax error or a repeated key or table stops with the file and line. */
    static List<Entry> parse(String text, String fileName) throws ConfigException {
        if (text.length() > MAX_CHARS) {
            throw new ConfigException(
                    fileName + ": larger than " + MAX_CHARS + " characters; not a configuration file");
        }
        return new TomlSubset(text, fileName).entries();
    }

    private List<Entry> entries() throws ConfigException {
        List<Entry> entries = new ArrayList<>();
        Set<String> keys = new HashSet<>();
        Set<String> tables = new HashSet<>();
        String table = "";
        if (text.startsWith("\uFEFF")) {
            pos = 1;
        }
        while (true) {
            skipBlank(true);
            if (pos >= text.length()) {
                return entries;
            }
            char c = text.charAt(pos);
            if (c == '[') {
                pos++;
                if (peek() == '[') {
                    throw error("arrays of tables ([[...]]) are not used by etcd's configuration");
                }
                skipBlank(false);
                table = bareKey();
                skipBlank(false);
                expect(']');
                if (!tables.add(table)) {
                    throw error("table [" + table + "] appears twice");
                }
                endOfLine();
                continue;
            }
            int keyLine = line;
            String key = c == '"' ? basicString() : bareKey();
            String fullKey = table.isEmpty() ? key : table + "." + key;
            skipBlank(false);
            if (peek() == '.') {
                throw error("dotted keys are not supported; put \"" + key + "\" under a [table] header");
            }
            expect('=');
            skipBlank(false);
            Object value = value();
            if (!keys.add(fullKey)) {
                throw new ConfigException(fileName + " line " + keyLine + ": key \"" + fullKey + "\" is set twice");
            }
            entries.add(new Entry(fullKey, value, keyLine));
            endOfLine();
        }
    }

    private Object value() throws ConfigException {
        char c = peek();
        if (c == '"') {
            if (text.startsWith("\"\"\"", pos)) {
                throw error("multi-line strings are not supported");
            }
            return basicString();
        }
        if (c == '\'') {
            if (text.startsWith("'''", pos)) {
                throw error("multi-line strings are not supported");
            }
            return literalString();
        }
        if (c == '[') {
            return array();
        }
        if (c == '{') {
            throw error("inline tables are not supported");
        }
        int start = pos;
        while (pos < text.length()
                && "+-._0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ:".indexOf(peek()) >= 0) {
            pos++;
        }
        String word = text.substring(start, pos);
        if (word.equals("true") || word.equals("false")) {
            return Boolean.valueOf(word);
        }
        if (word.isEmpty()) {
            throw error("a value is required after =");
        }
        if (word.matches("[+-]?(0|[1-9](_?[0-9])*)")) {
            try {
                return Long.parseLong(word.replace("_", ""));
            } catch (NumberFormatException e) {
                throw error("the number " + word + " is too large");
            }
        }
        if (word.matches("[+-]?(0|[1-9](_?[0-9])*)(\\.[0-9](_?[0-9])*)?([eE][+-]?[0-9](_?[0-9])*)?")) {
            return Double.parseDouble(word.replace("_", ""));
        }
        throw error("\"" + word + "\" is not a value: quote strings (\"...\"), write numbers and true/false bare");
    }

    private List<Object> array() throws ConfigException {
        expect('[');
        List<Object> items = new ArrayList<>();
        while (true) {
            skipBlank(true);
            if (pos >= text.length()) {
                throw error("the array is not closed with ]");
            }
            if (peek() == ']') {
                pos++;
                return items;
            }
            Object item = value();
            if (!items.isEmpty() && items.get(0).getClass() != item.getClass()) {
                throw error("an array's values must all be of one type");
            }
            items.add(item);
            skipBlank(true);
            if (peek() == ',') {
                pos++;
            } else if (peek() != ']') {
                throw error("expected , or ] in the array");
            }
        }
    }

    private String bareKey() throws ConfigException {
        int start = pos;
        while (pos < text.length() && (Character.isLetterOrDigit(peek()) || peek() == '_' || peek() == '-')) {
            pos++;
        }
        if (start == pos) {
            throw error("expected a key (letters, digits, _ and -) but found "
                    + (pos < text.length() ? "'" + peek() + "'" : "the end of the file"));
        }
        return text.substring(start, pos);
    }

    private String basicString() throws ConfigException {
        expect('"');
        StringBuilder sb = new StringBuilder();
        while (true) {
            if (pos >= text.length() || peek() == '\n') {
                throw error("the string is not closed on its line");
            }
            char c = text.charAt(pos++);
            if (c == '"') {
                return sb.toString();
            }
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            char e = pos < text.length() ? text.charAt(pos++) : ' ';
            switch (e) {
                case 'b' -> sb.append('\b');
                case 't' -> sb.append('\t');
                case 'n' -> sb.append('\n');
                case 'f' -> sb.append('\f');
                case 'r' -> sb.append('\r');
                case '"' -> sb.append('"');
                case '/' -> sb.append('/');
                case '\\' -> sb.append('\\');
                case 'u' -> sb.append(unicodeEscape(4));
                case 'U' -> sb.append(unicodeEscape(8));
                default -> throw error("unknown escape \\" + e + " in a string (write \\\\ for a backslash)");
            }
        }
    }

    private String unicodeEscape(int digits) throws ConfigException {
        if (pos + digits > text.length()) {
            throw error("a \\u escape needs " + digits + " hex digits");
        }
        String hex = text.substring(pos, pos + digits);
        pos += digits;
        try {
            return Character.toString(Integer.parseInt(hex, 16));
        } catch (IllegalArgumentException e) {
            throw error("\\u" + hex + " is not a Unicode character");
        }
    }

    private String literalString() throws ConfigException {
        expect('\'');
        int end = text.indexOf('\'', pos);
        int newline = text.indexOf('\n', pos);
        if (end < 0 || (newline >= 0 && newline < end)) {
            throw error("the string is not closed on its line");
        }
        String s = text.substring(pos, end);
        pos = end + 1;
        return s;
    }

    /** Spaces, tabs and a comment; with {@code newlines} also line ends (counting them). */
    private void skipBlank(boolean newlines) {
        while (pos < text.length()) {
            char c = peek();
            if (c == ' ' || c == '\t' || c == '\r') {
                pos++;
            } else if (c == '#') {
                while (pos < text.length() && peek() != '\n') {
                    pos++;
                }
            } else if (c == '\n' && newlines) {
                pos++;
                line++;
            } else {
                return;
            }
        }
    }

    private void endOfLine() throws ConfigException {
        skipBlank(false);
        if (pos < text.length() && peek() != '\n') {
            throw error("unexpected '" + peek() + "' after the value (one key = value per line)");
        }
    }

    private void expect(char c) throws ConfigException {
        if (peek() != c) {
            throw error("expected '" + c + "' but found "
                    + (pos < text.length() ? "'" + peek() + "'" : "the end of the file"));
        }
        pos++;
    }

    private char peek() {
        return pos < text.length() ? text.charAt(pos) : '\0';
    }

    private ConfigException error(String what) {
        return new ConfigException(fileName + " line " + line + ": " + what);
    }
}
