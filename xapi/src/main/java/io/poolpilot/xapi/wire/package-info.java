/** XAPI's XML-RPC value conventions (int64 strings, refs, enums, datetimes) and its result envelope. */
package io.poolpilot.xapi.wire;
