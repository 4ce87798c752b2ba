/** HTTP plumbing shared by XML-RPC and rrd_updates: java.net.http transport, TLS trust, hardened XML parsing. */
package io.poolpilot.xapi.transport;
