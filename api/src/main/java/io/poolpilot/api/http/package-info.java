/** HTTP plumbing over vertx-core: router, bounded bodies, problem documents, cursors, strict JSON input. */
package io.poolpilot.api.http;
