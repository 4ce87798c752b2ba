/** Per-host {@code rrd_updates} fetching and streaming parsing into data points. */
package io.poolpilot.xapi.metrics;
