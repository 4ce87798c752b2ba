/** Bearer tokens: roles, stored digests and constant-time matching. */
package io.poolpilot.api.auth;
