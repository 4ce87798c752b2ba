/** Immutable records for the XAPI objects PoolPilot reads, named in plain words, each decoded by {@code fromWire}. */
package io.poolpilot.xapi.model;
