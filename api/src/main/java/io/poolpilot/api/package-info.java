/** The control API: route table, server factory and verticle; the daemon wires it with its ports. */
package io.poolpilot.api;
