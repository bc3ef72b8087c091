package io.etcdj.server.config;

/**
 * One command-line flag as etcd 0.4.6 defines it (config/config.go): its name, value type, environment variable,
 * default and help text. {@code unavailableBecause} is non-null for flags this build recognises but cannot honour
 * yet; giving one stops start-up with that reason instead of being silently ignored.
 */
record FlagSpec(String name, Kind kind, String env, String defaultValue, String help, String unavailableBecause) {
    enum Kind {
        STRING,
        INT,
        /** A non-negative decimal number (0.4.6's float64 flags: seconds). */
        FLOAT,
        BOOL
    }

    static FlagSpec of(String name, Kind kind, String env, String defaultValue, String help) {
        return new FlagSpec(name, kind, env, defaultValue, help, null);
    }

    static FlagSpec later(String name, Kind kind, String env, String help, String why) {
        return new FlagSpec(name, kind, env, null, help, why);
    }
}
