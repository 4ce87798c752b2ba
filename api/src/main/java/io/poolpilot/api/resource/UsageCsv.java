package io.poolpilot.api.resource;

import io.poolpilot.api.model.UsageRow;

import java.util.List;
import java.util.Locale;

/**
 * Usage rows as CSV (RFC 4180: header row, CRLF, quoted when needed) for {@code Accept: text/csv}. Text
 * cells that a spreadsheet would run as a formula are prefixed with {@code '} (CSV injection).
 */
final class UsageCsv {
    static final String MEDIA_TYPE = "text/csv";
    static final String HEADER = "period_start,granularity,account,vm_uuid,vm_hours,coverage,running_seconds,"
            + "vcpu_seconds,cpu_seconds,memory_gib_hours,memory_used_gib_hours,disk_read_bytes,disk_write_bytes,"
            + "net_rx_bytes,net_tx_bytes";

    private UsageCsv() {
    }

    static String of(List<UsageRow> rows) {
        StringBuilder sb = new StringBuilder(HEADER).append("\r\n");
        for (UsageRow r : rows) {
            sb.append(r.periodStart()).append(',').append(r.granularity().wire()).append(',')
                    .append(text(r.account())).append(',').append(text(r.vmUuid())).append(',').append(r.vmHours());
            for (double amount : new double[] {r.coverage(), r.runningSeconds(), r.vcpuSeconds(), r.cpuSeconds(),
                    r.memoryGibHours(), r.memoryUsedGibHours(), r.diskReadBytes(), r.diskWriteBytes(), r.netRxBytes(),
                    r.netTxBytes()}) {
                sb.append(',').append(String.format(Locale.ROOT, "%.6f", amount));
            }
            sb.append("\r\n");
        }
        return sb.toString();
    }

    static String text(String value) {
        if (value == null) {
            return "";
        }
        boolean formula = !value.isEmpty() && "=+-@".indexOf(value.charAt(0)) >= 0;
        String v = formula ? "'" + value : value;
        boolean quote = formula || v.contains(",") || v.contains("\"") || v.contains("\n") || v.contains("\r");
        return quote ? "\"" + v.replace("\"", "\"\"") + "\"" : v;
    }
}
