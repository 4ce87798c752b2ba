/**
 * Ports the daemon implements behind the API. Every method returns a {@link io.vertx.core.Future} so an
 * implementation may do blocking work off the event loop; expected failures are {@link io.poolpilot.api.port.PortFailure}s.
 */
package io.poolpilot.api.port;
