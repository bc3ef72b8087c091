package io.etcdj.server.config;

/** A flag, environment variable or file that stops start-up; the message names it and says what is wrong. */
public final class ConfigException extends Exception {
    public ConfigException(String message) {
        super(message, null, false, false);
    }
}
