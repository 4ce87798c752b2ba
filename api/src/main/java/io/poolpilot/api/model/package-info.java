/** Records the API speaks in, validated in their constructors; plan states and their legal moves. */
package io.poolpilot.api.model;
