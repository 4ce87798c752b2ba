package io.poolpilot.api;

import io.poolpilot.api.port.AlertPort;
import io.poolpilot.api.port.AuditLog;
import io.poolpilot.api.port.EventStream;
import io.poolpilot.api.port.InventoryPort;
import io.poolpilot.api.port.MetricsPort;
import io.poolpilot.api.port.PlanPort;
import io.poolpilot.api.port.PolicyPort;
import io.poolpilot.api.port.ReadinessProbe;
import io.poolpilot.api.port.TokenStore;

import java.util.Objects;

/** Everything the API needs from the daemon, passed in as one record. */
public record ApiPorts(TokenStore tokens, InventoryPort inventory, MetricsPort metrics, PlanPort plans, PolicyPort policies,
                       AlertPort alerts, AuditLog audit, EventStream events, ReadinessProbe readiness) {
    public ApiPorts {
        Objects.requireNonNull(tokens, "tokens");
        Objects.requireNonNull(inventory, "inventory");
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(plans, "plans");
        Objects.requireNonNull(policies, "policies");
        Objects.requireNonNull(alerts, "alerts (AlertPort.none() until detection lands)");
        Objects.requireNonNull(audit, "audit");
        Objects.requireNonNull(events, "events");
        Objects.requireNonNull(readiness, "readiness");
    }
}
