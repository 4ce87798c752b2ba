package io.poolpilot.daemon.config;

/** The configuration cannot be used; the message names the key and how to fix it. */
public final class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }
}
