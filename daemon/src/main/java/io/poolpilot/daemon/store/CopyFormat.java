package io.poolpilot.daemon.store;

/** Wire format of the DB writer's COPY: PostgreSQL binary (default, measured faster) or text. */
public enum CopyFormat { BINARY, TEXT }
