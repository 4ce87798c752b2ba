package io.poolpilot.daemon.usage;

import java.util.List;

/** SQL relation names of metered usage and account control (created by {@code common/V10__usage.sql}). */
public final class UsageRelations {

    private UsageRelations() {
    }

    public static final String USAGE_RECORD = "usage_record";
    public static final String USAGE_ACCOUNT_HOUR = "usage_account_hour";
    public static final String USAGE_ACCOUNT_DAY = "usage_account_day";
    public static final String USAGE_ACCOUNT_MONTH = "usage_account_month";
    public static final String USAGE_METER_STATE = "usage_meter_state";
    public static final String USAGE_VM_ACCOUNT = "usage_vm_account";
    public static final String ACCOUNT_CONTROL = "account_control";

    /** Relations the billing API and dashboards may read. */
    public static final List<String> READABLE = List.of(USAGE_RECORD, USAGE_ACCOUNT_HOUR, USAGE_ACCOUNT_DAY,
            USAGE_ACCOUNT_MONTH, ACCOUNT_CONTROL);
}
