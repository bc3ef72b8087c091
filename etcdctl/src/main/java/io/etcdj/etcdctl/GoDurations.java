package io.etcdj.etcdctl;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses Go duration strings such as "2s", "500ms", "1m30s" (the form etcdctl's --timeout takes). */
final class GoDurations {
    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ns|us|µs|ms|s|m|h)");

    private GoDurations() {}

    static Duration parse(String text, Duration fallback, String flag) throws UsageException {
        if (text == null) {
            return fallback;
        }
        Matcher m = PART.matcher(text);
        double nanos = 0;
        int end = 0;
        while (m.lookingAt()) {
            double n = Double.parseDouble(m.group(1));
            nanos += n
                    * switch (m.group(2)) {
                        case "ns" -> 1;
                        case "us", "µs" -> 1e3;
                        case "ms" -> 1e6;
                        case "s" -> 1e9;
                        case "m" -> 60e9;
                        default -> 3600e9;
                    };
            end = m.end();
            m.region(end, text.length());
        }
        if (end == 0 || end != text.length()) {
            throw new UsageException("invalid value \"" + text + "\" for flag --" + flag + ": not a duration");
        }
        return Duration.ofNanos((long) nanos);
    }
}
