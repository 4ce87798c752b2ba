/** A live inventory of a pool kept current from XAPI's {@code event.from}, as snapshots and changes. */
package io.poolpilot.xapi.event;
