package io.etcdj.server.config;

/**
 * What a member may be called. The name becomes a key ({@code /_etcd/machines/<name>}) and appears in logs and URLs
 * of the admin API, so it is one path segment of visible characters; anything else is refused where it enters
 * (the -name flag, a join request from the network).
 */
public final class MemberName {
    public static final int MAX_LENGTH = 255;

    private MemberName() {}

    /** Null when {@code name} is acceptable, else why not. */
    public static String problem(String name) {
        if (name == null || name.isEmpty()) {
            return "the name is empty";
        }
        if (name.length() > MAX_LENGTH) {
            return "the name is longer than " + MAX_LENGTH + " characters";
        }
        if (name.equals(".") || name.equals("..")) {
            return "the name '" + name + "' is a path step";
        }
        for (int i = 0; i < name.length(); ) {
            int c = name.codePointAt(i);
            if (c == '/' || Character.isWhitespace(c) || Character.isISOControl(c) || !Character.isDefined(c)) {
                return "the name may not contain " + (c == '/' ? "'/'" : String.format("U+%04X", c));
            }
            i += Character.charCount(c);
        }
        return null;
    }
}
