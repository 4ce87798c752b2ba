/** Handlers per resource: parse and validate input, call a port, audit changes, shape the reply. */
package io.poolpilot.api.resource;
