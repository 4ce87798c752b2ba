package io.poolpilot.api;

import io.poolpilot.api.port.AccountPort;
import io.poolpilot.api.port.AlertPort;
import io.poolpilot.api.port.AuditLog;
import io.poolpilot.api.port.ConsolePort;
import io.poolpilot.api.port.EventStream;
import io.poolpilot.api.port.InventoryPort;
import io.poolpilot.api.port.MetricsPort;
import io.poolpilot.api.port.OperationPort;
import io.poolpilot.api.port.PlanPort;
import io.poolpilot.api.port.PolicyPort;
import io.poolpilot.api.port.ReadinessProbe;
import io.poolpilot.api.port.TokenStore;
import io.poolpilot.api.port.UsagePort;

import java.util.Objects;

/**
 * Everything the API needs from the daemon, passed in as one record. Billing ({@code usage},
 * {@code accounts}), VM and host control ({@code operations}) and VM consoles ({@code consoles}) are optional: the nine-port constructor
 * leaves them answering 503 until {@link #withBilling}, {@link #withOperations} and {@link #withConsoles} plug them in.
 */
public record ApiPorts(TokenStore tokens, InventoryPort inventory, MetricsPort metrics, PlanPort plans, PolicyPort policies,
                       AlertPort alerts, AuditLog audit, EventStream events, ReadinessProbe readiness,
                       UsagePort usage, AccountPort accounts, OperationPort operations, ConsolePort consoles) {
    public ApiPorts {
        Objects.requireNonNull(tokens, "tokens");
        Objects.requireNonNull(inventory, "inventory");
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(plans, "plans");
        Objects.requireNonNull(policies, "policies");
        Objects.requireNonNull(alerts, "alerts (AlertPort.none() for none)");
        Objects.requireNonNull(audit, "audit");
        Objects.requireNonNull(events, "events");
        Objects.requireNonNull(readiness, "readiness");
        Objects.requireNonNull(usage, "usage (UsagePort.unavailable() without the usage meter)");
        Objects.requireNonNull(accounts, "accounts (AccountPort.unavailable() without account control)");
        Objects.requireNonNull(operations, "operations (OperationPort.unavailable() without VM and host control)");
        Objects.requireNonNull(consoles, "consoles (ConsolePort.unavailable() without VM consoles)");
    }

    /** The ports without billing: usage and account routes answer 503 unavailable. */
    public ApiPorts(TokenStore tokens, InventoryPort inventory, MetricsPort metrics, PlanPort plans, PolicyPort policies,
                    AlertPort alerts, AuditLog audit, EventStream events, ReadinessProbe readiness) {
        this(tokens, inventory, metrics, plans, policies, alerts, audit, events, readiness,
                UsagePort.unavailable(), AccountPort.unavailable(), OperationPort.unavailable(), ConsolePort.unavailable());
    }

    /** The same ports with billing served by {@code usage} and {@code accounts}. */
    public ApiPorts withBilling(UsagePort usage, AccountPort accounts) {
        return new ApiPorts(tokens, inventory, metrics, plans, policies, alerts, audit, events, readiness, usage, accounts,
                operations, consoles);
    }

    /** The same ports with VM actions and host maintenance served by {@code control}. */
    public ApiPorts withOperations(OperationPort control) {
        return new ApiPorts(tokens, inventory, metrics, plans, policies, alerts, audit, events, readiness, usage, accounts,
                control, consoles);
    }

    /** The same ports with VM consoles served by {@code consoles}. */
    public ApiPorts withConsoles(ConsolePort consoles) {
        return new ApiPorts(tokens, inventory, metrics, plans, policies, alerts, audit, events, readiness, usage, accounts,
                operations, consoles);
    }
}
