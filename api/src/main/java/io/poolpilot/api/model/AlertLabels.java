package io.poolpilot.api.model;

/**
 * What an alert is about, as labels that silences match and notifications carry: its kind, pool, and the
 * host, SR or VM its subject names (null when the kind's subject does not name one).
 */
public record AlertLabels(String kind, String poolId, String hostUuid, String srUuid, String vmUuid) {
}
