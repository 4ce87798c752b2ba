"""Writes the PoolPilot Grafana dashboards (dashboards/*.json). The JSON files are what Grafana loads and
what DashboardsTest checks; edit here, run `python3 dashboards/grafana/generate.py`, commit both."""
import json, os

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "dashboards")
PG = {"type": "grafana-postgresql-datasource", "uid": "poolpilot-pg"}
PROM = {"type": "prometheus", "uid": "poolpilot-prom"}

RAW = "$__timeTo()::timestamptz - $__timeFrom()::timestamptz <= interval '6 hours'"
MIN = ("$__timeTo()::timestamptz - $__timeFrom()::timestamptz > interval '6 hours'\n"
       "  AND $__timeTo()::timestamptz - $__timeFrom()::timestamptz <= interval '7 days'")
HOUR = "$__timeTo()::timestamptz - $__timeFrom()::timestamptz > interval '7 days'"


def w(col):
    """Sample-weighted mean of a rollup column."""
    return f"sum(r.{col} * r.sample_count) / nullif(sum(r.sample_count) FILTER (WHERE r.{col} IS NOT NULL), 0)"


def three(raw, rollup_tpl, order="ORDER BY 1, 2"):
    """raw: SQL over raw samples (without the range guard); rollup_tpl: SQL with {t} for the rollup
    relation suffix; each gets the guard that selects it by range length."""
    return (f"-- raw 5 s samples up to 6 h, 1 min rollup up to 7 d, 1 h rollup beyond\n"
            f"{raw}\n  AND {RAW}\nGROUP BY 1, 2\nUNION ALL\n"
            f"{rollup_tpl.format(t='1m')}\n  AND {MIN}\nGROUP BY 1, 2\nUNION ALL\n"
            f"{rollup_tpl.format(t='1h')}\n  AND {HOUR}\nGROUP BY 1, 2\n{order}")


class Dash:
    def __init__(self, uid, title, tags, variables, description):
        self.uid, self.title, self.tags, self.variables, self.description = uid, title, tags, variables, description
        self.panels, self.next_id, self.y, self.annotations = [], 1, 0, []
        self.ds = PG

    def panel(self, kind, title, targets, w_=12, h=8, unit=None, description="", ds=None, options=None,
              field_extra=None, interval=None, max_points=None):
        ds = ds or self.ds
        x = 0 if sum(p["gridPos"]["w"] for p in self.panels if p["gridPos"]["y"] == self.y) == 0 else 12
        if x + w_ > 24:
            self.y += h
            x = 0
        p = {"id": self.next_id, "type": kind, "title": title, "description": description, "datasource": ds,
             "gridPos": {"h": h, "w": w_, "x": x, "y": self.y}, "targets": [],
             "fieldConfig": {"defaults": {}, "overrides": []}, "options": options or {}}
        if unit:
            p["fieldConfig"]["defaults"]["unit"] = unit
        if field_extra:
            p["fieldConfig"]["defaults"].update(field_extra)
        if interval:
            p["interval"] = interval
        if max_points:
            p["maxDataPoints"] = max_points
        for i, t in enumerate(targets):
            ref = chr(ord("A") + i)
            if ds is PG:
                fmt, sql = t
                p["targets"].append({"refId": ref, "datasource": ds, "editorMode": "code", "format": fmt,
                                     "rawQuery": True, "rawSql": sql})
            else:
                expr, legend = t
                p["targets"].append({"refId": ref, "datasource": ds, "editorMode": "code", "expr": expr,
                                     "legendFormat": legend, "range": True})
        self.next_id += 1
        if x + w_ >= 24:
            self.y += h
        self.panels.append(p)

    def write(self, name):
        d = {"uid": self.uid, "title": self.title, "description": self.description, "tags": self.tags,
             "schemaVersion": 39, "version": 1, "editable": False, "graphTooltip": 1, "timezone": "utc",
             "refresh": "30s", "time": {"from": "now-6h", "to": "now"},
             "templating": {"list": self.variables},
             "annotations": {"list": [{"builtIn": 1, "datasource": {"type": "grafana", "uid": "-- Grafana --"},
                                       "enable": True, "hide": True, "iconColor": "rgba(0, 211, 255, 1)",
                                       "name": "Annotations & Alerts", "type": "dashboard"}] + self.annotations},
             "links": [{"title": "PoolPilot", "type": "dashboards", "tags": ["poolpilot"], "asDropdown": True}],
             "panels": self.panels}
        with open(os.path.join(OUT, name), "w") as f:
            json.dump(d, f, indent=2, ensure_ascii=False)
            f.write("\n")


def var(name, label, sql, multi=True, include_all=True, ds=PG, hide=0):
    return {"name": name, "label": label, "type": "query", "datasource": ds, "query": sql,
            "definition": sql, "refresh": 2, "multi": multi, "includeAll": include_all, "sort": 1, "hide": hide,
            "current": {"selected": True, "text": ["All"], "value": ["$__all"]} if include_all else {},
            "options": []}


POOL = var("pool", "Pool", "SELECT name AS __text, pool_id AS __value FROM pool ORDER BY name")
HOST = var("host", "Host", "SELECT h.name AS __text, h.host_id AS __value FROM host h\n"
                          "WHERE h.pool_id IN ($pool) AND h.gone_at IS NULL ORDER BY h.name")
VM = var("vm", "VM", "SELECT DISTINCT v.name AS __text, v.vm_id AS __value FROM vm v\n"
                    "JOIN vm_placement p ON p.vm_id = v.vm_id\n"
                    "WHERE v.pool_id IN ($pool) AND p.host_id IN ($host) AND v.gone_at IS NULL ORDER BY 1")
ACCOUNT = var("account", "Billing account", "SELECT DISTINCT billing_account FROM vm\n"
                                            "WHERE billing_account IS NOT NULL ORDER BY 1")

MIGRATIONS = {
    "name": "Migrations", "enable": True, "iconColor": "orange", "datasource": PG,
    "target": {"refId": "Anno", "format": "table", "rawQuery": True, "editorMode": "code", "rawSql":
               "SELECT cur.valid_from AS time, v.name || ' moved ' || src.name || ' -> ' || dst.name AS text,\n"
               "       p.name AS tags\n"
               "FROM vm_placement cur\n"
               "JOIN vm_placement prev ON prev.vm_id = cur.vm_id AND prev.valid_to = cur.valid_from\n"
               "JOIN vm v ON v.vm_id = cur.vm_id\nJOIN pool p ON p.pool_id = v.pool_id\n"
               "JOIN host src ON src.host_id = prev.host_id\nJOIN host dst ON dst.host_id = cur.host_id\n"
               "WHERE $__timeFilter(cur.valid_from) AND prev.host_id <> cur.host_id AND v.pool_id IN ($pool)\n"
               "ORDER BY 1"}}

# ---- host series helpers
def host_series(raw_expr, rollup_expr, host_filter="h.pool_id IN ($pool)", metric="h.name"):
    raw = (f"SELECT $__timeGroupAlias(s.ts, $__interval), {metric} AS metric, {raw_expr} AS value\n"
           f"FROM host_sample s JOIN host h ON h.host_id = s.host_id\n"
           f"WHERE $__timeFilter(s.ts) AND {host_filter}")
    roll = (f"SELECT $__timeGroupAlias(r.bucket, $__interval), {metric}, {rollup_expr}\n"
            f"FROM host_sample_{{t}} r JOIN host h ON h.host_id = r.host_id\n"
            f"WHERE $__timeFilter(r.bucket) AND {host_filter}")
    return three(raw, roll)


def vm_series(raw_expr, rollup_expr, vm_filter="s.vm_id IN ($vm)", rollup_filter="r.vm_id IN ($vm)",
              metric="v.name"):
    raw = (f"SELECT $__timeGroupAlias(s.ts, $__interval), {metric} AS metric, {raw_expr} AS value\n"
           f"FROM vm_sample s JOIN vm v ON v.vm_id = s.vm_id\n"
           f"WHERE $__timeFilter(s.ts) AND {vm_filter}")
    roll = (f"SELECT $__timeGroupAlias(r.bucket, $__interval), {metric}, {rollup_expr}\n"
            f"FROM vm_sample_{{t}} r JOIN vm v ON v.vm_id = r.vm_id\n"
            f"WHERE $__timeFilter(r.bucket) AND {rollup_filter}")
    return three(raw, roll)


HEAT = {"calculate": False, "cellGap": 1, "color": {"mode": "scheme", "scheme": "RdYlGn", "reverse": True,
                                                   "min": 0, "max": 1},
        "yAxis": {"axisPlacement": "left"}, "rowsFrame": {"layout": "auto"},
        "tooltip": {"mode": "single", "showColorScale": True}}
TS = {"legend": {"displayMode": "table", "placement": "right", "calcs": ["mean", "max", "lastNotNull"]},
      "tooltip": {"mode": "multi", "sort": "desc"}}

BALANCE_INNER_RAW = ("SELECT $__timeGroupAlias(s.ts, $__interval), p.name AS metric,\n"
                     "       100 * (1 - stddev_pop(s.cpu_fraction)) AS value\n"
                     "FROM host_sample s JOIN host h ON h.host_id = s.host_id JOIN pool p ON p.pool_id = h.pool_id\n"
                     "WHERE $__timeFilter(s.ts) AND h.pool_id IN ($pool)")
BALANCE_INNER_ROLL = ("SELECT $__timeGroupAlias(r.bucket, $__interval), p.name,\n"
                      "       100 * (1 - stddev_pop(r.cpu_fraction_avg))\n"
                      "FROM host_sample_{t} r JOIN host h ON h.host_id = r.host_id JOIN pool p ON p.pool_id = h.pool_id\n"
                      "WHERE $__timeFilter(r.bucket) AND h.pool_id IN ($pool)")
BALANCE = three(BALANCE_INNER_RAW, BALANCE_INNER_ROLL)

# ================= Pools overview
d = Dash("poolpilot-pools", "PoolPilot / Pools overview", ["poolpilot"], [POOL],
         "Every pool at a glance: host load, VM counts, balance, migrations (orange marks).")
d.annotations.append(MIGRATIONS)
d.panel("stat", "VMs by power state", [("table",
        "SELECT count(*) FILTER (WHERE v.power_state = 'running') AS running,\n"
        "       count(*) FILTER (WHERE v.power_state = 'halted') AS halted,\n"
        "       count(*) FILTER (WHERE v.power_state NOT IN ('running', 'halted')) AS other\n"
        "FROM vm v WHERE v.gone_at IS NULL AND v.pool_id IN ($pool)")], w_=8, h=5,
        options={"reduceOptions": {"calcs": ["lastNotNull"], "fields": "", "values": False}, "colorMode": "value"})
d.panel("table", "Pools", [("table",
        "SELECT p.name AS pool, count(DISTINCT h.host_id) AS hosts, "
        "       (SELECT count(*) FROM vm v WHERE v.pool_id = p.pool_id AND v.power_state = 'running'\n"
        "          AND v.gone_at IS NULL) AS running_vms,\n"
        "       (SELECT coalesce(sum(v.vcpus), 0) FROM vm v WHERE v.pool_id = p.pool_id\n"
        "          AND v.power_state = 'running' AND v.gone_at IS NULL) AS vcpus,\n"
        "       (SELECT coalesce(sum(h2.cpu_count), 0) FROM host h2 WHERE h2.pool_id = p.pool_id\n"
        "          AND h2.gone_at IS NULL) AS host_cores,\n"
        "       (SELECT coalesce(sum(h2.memory_total_bytes), 0) FROM host h2 WHERE h2.pool_id = p.pool_id\n"
        "          AND h2.gone_at IS NULL) AS host_memory_bytes\n"
        "FROM pool p LEFT JOIN host h ON h.pool_id = p.pool_id AND h.gone_at IS NULL\n"
        "WHERE p.pool_id IN ($pool) GROUP BY p.pool_id, p.name ORDER BY p.name")], w_=16, h=5)
d.panel("table", "Alerts in the time range, open ones first (all pools; details: GET /v1/alerts)", [("table",
        "SELECT a.raised_at AS raised, a.cleared_at AS cleared, a.pool_name AS pool, a.severity, a.kind, a.message\n"
        "FROM alert a\n"
        "WHERE a.raised_at <= $__timeTo() AND (a.cleared_at IS NULL OR a.cleared_at >= $__timeFrom())\n"
        "ORDER BY (a.cleared_at IS NULL) DESC, CASE a.severity WHEN 'critical' THEN 0 ELSE 1 END, a.raised_at DESC\n"
        "LIMIT 100")], w_=24, h=6,
        description="Alerts that held at some point of the dashboard's time range; an empty 'cleared' means it "
                    "still holds. Kinds: host-down, vm-stranded, storage-lost (critical), host-overloaded (warning). "
                    "Pools are named as in the daemon's config. See docs/alerts.md.")
d.panel("heatmap", "Host CPU (fraction of all cores)", [("time_series", host_series(
        "avg(s.cpu_fraction)", w("cpu_fraction_avg")))], w_=12, h=9, unit="percentunit", options=HEAT)
d.panel("heatmap", "Host memory used (fraction)", [("time_series", host_series(
        "avg(1 - s.memory_free_bytes::double precision / nullif(s.memory_total_bytes, 0))",
        "1 - " + w("memory_free_bytes_avg") + " / nullif(max(h.memory_total_bytes), 0)"))],
        w_=12, h=9, unit="percentunit", options=HEAT)
d.panel("timeseries", "Balance score (100 = host CPU even across the pool)", [("time_series", BALANCE)],
        w_=24, h=8, field_extra={"min": 0, "max": 100}, options=TS,
        description="100 x (1 - population standard deviation of host CPU fraction across the pool's hosts), "
                    "per time bucket. Migrations are drawn as orange annotations.")
d.write("pools-overview.json")

# ================= Host
d = Dash("poolpilot-host", "PoolPilot / Host", ["poolpilot"], [POOL, HOST],
         "One or more hosts: CPU, memory, load, network, and the VMs on them.")
d.annotations.append(MIGRATIONS)
d.panel("timeseries", "CPU (fraction of all cores)", [("time_series", host_series(
        "avg(s.cpu_fraction)", w("cpu_fraction_avg"), "h.host_id IN ($host)"))],
        unit="percentunit", options=TS)
d.panel("timeseries", "Memory used", [("time_series", host_series(
        "avg(s.memory_total_bytes - s.memory_free_bytes)",
        "max(h.memory_total_bytes) - " + w("memory_free_bytes_avg"), "h.host_id IN ($host)"))],
        unit="bytes", options=TS)
d.panel("timeseries", "Load average", [("time_series", host_series(
        "avg(s.load_average)", w("load_average_avg"), "h.host_id IN ($host)"))], options=TS)
d.panel("timeseries", "Network (rx positive, tx negative)", [("time_series", host_series(
        "avg(s.net_rx_bytes_per_second - s.net_tx_bytes_per_second)",
        w("net_rx_bytes_per_second_avg") + " - " + w("net_tx_bytes_per_second_avg"), "h.host_id IN ($host)"))],
        unit="Bps", options=TS, description="Net of receive minus transmit per host; see the VM dashboard for each direction.")
ON_HOST = ("EXISTS (SELECT 1 FROM vm_placement p WHERE p.vm_id = r.vm_id AND p.host_id IN ($host)\n"
           "    AND p.valid_from < r.bucket + interval '1 {unit}' AND (p.valid_to IS NULL OR p.valid_to > r.bucket))")
vm_on_host = vm_series("avg(s.cpu_used_cores)", w("cpu_used_cores_avg"), "s.host_id IN ($host)", "@ON_HOST@")
vm_on_host = vm_on_host.replace("@ON_HOST@", ON_HOST.format(unit="minute"), 1).replace(
    "@ON_HOST@", ON_HOST.format(unit="hour"), 1)
d.panel("timeseries", "CPU cores used by each VM on the host(s)", [("time_series", vm_on_host)], w_=24, unit="none",
        options=TS, field_extra={"custom": {"stacking": {"mode": "normal"}, "fillOpacity": 40}})
d.panel("table", "VMs resident now", [("table",
        "SELECT h.name AS host, v.name AS vm, v.vcpus, v.memory_bytes, v.billing_account AS account,\n"
        "       p.valid_from AS resident_since\n"
        "FROM vm_placement p JOIN vm v ON v.vm_id = p.vm_id JOIN host h ON h.host_id = p.host_id\n"
        "WHERE p.valid_to IS NULL AND p.host_id IN ($host) AND v.gone_at IS NULL ORDER BY h.name, v.name")], w_=24)
d.write("host.json")

# ================= VM realtime consumption
d = Dash("poolpilot-vm", "PoolPilot / VM consumption", ["poolpilot"], [POOL, HOST, VM],
         "Realtime consumption of one or more VMs: CPU, memory, disk, network.")
d.annotations.append(MIGRATIONS)
d.panel("timeseries", "CPU cores used", [("time_series", vm_series("avg(s.cpu_used_cores)", w("cpu_used_cores_avg")))],
        options=TS, description="Cores busy (sum over vCPUs of the fraction each was busy).")
d.panel("timeseries", "CPU peak cores (max within bucket)", [("time_series", vm_series(
        "max(s.cpu_used_cores)", "max(r.cpu_used_cores_max)"))], options=TS)
d.panel("timeseries", "Memory allocated", [("time_series", vm_series("avg(s.memory_bytes)", w("memory_bytes_avg")))],
        unit="bytes", options=TS)
d.panel("timeseries", "Guest free memory (min within bucket)", [("time_series", vm_series(
        "min(s.memory_free_bytes)", "min(r.memory_free_bytes_min)"))], unit="bytes", options=TS)
d.panel("timeseries", "Disk read", [("time_series", vm_series("avg(s.disk_read_bytes_per_second)",
        w("disk_read_bytes_per_second_avg")))], unit="Bps", options=TS)
d.panel("timeseries", "Disk write", [("time_series", vm_series("avg(s.disk_write_bytes_per_second)",
        w("disk_write_bytes_per_second_avg")))], unit="Bps", options=TS)
d.panel("timeseries", "Network receive", [("time_series", vm_series("avg(s.net_rx_bytes_per_second)",
        w("net_rx_bytes_per_second_avg")))], unit="Bps", options=TS)
d.panel("timeseries", "Network transmit", [("time_series", vm_series("avg(s.net_tx_bytes_per_second)",
        w("net_tx_bytes_per_second_avg")))], unit="Bps", options=TS)
d.panel("table", "Selected VMs", [("table",
        "SELECT v.name AS vm, v.vm_uuid, v.power_state, v.vcpus, v.memory_bytes, v.billing_account AS account,\n"
        "       h.name AS host, v.labels::text AS labels\n"
        "FROM vm v LEFT JOIN vm_placement p ON p.vm_id = v.vm_id AND p.valid_to IS NULL\n"
        "LEFT JOIN host h ON h.host_id = p.host_id\n"
        "WHERE v.vm_id IN ($vm) ORDER BY v.name")], w_=24)
d.write("vm.json")

# ================= Billing usage per account
d = Dash("poolpilot-billing", "PoolPilot / Billing usage", ["poolpilot"], [ACCOUNT],
         "Metered usage per billing account (closed hours from the usage meter) and live consumption.")
def acct_hour(expr, label):
    return ("SELECT $__timeGroupAlias(u.hour_start, $__interval), u.account AS metric, " + expr + " AS value\n"
            "FROM usage_account_hour u\n"
            "WHERE u.hour_start > $__timeFrom()::timestamptz - interval '1 hour' AND u.hour_start < $__timeTo()::timestamptz AND u.account IN ($account)\n"
            "GROUP BY 1, 2 ORDER BY 1, 2")
d.panel("timeseries", "CPU core-hours", [("time_series", acct_hour("sum(u.cpu_seconds) / 3600", ""))],
        interval="1h", options=TS, field_extra={"custom": {"drawStyle": "bars", "stacking": {"mode": "normal"}}})
d.panel("timeseries", "Memory GiB-hours (allocated)", [("time_series", acct_hour("sum(u.memory_gib_hours)", ""))],
        interval="1h", options=TS, field_extra={"custom": {"drawStyle": "bars", "stacking": {"mode": "normal"}}})
d.panel("timeseries", "Disk bytes read + written", [("time_series",
        acct_hour("sum(u.disk_read_bytes + u.disk_write_bytes)", ""))], interval="1h", unit="bytes", options=TS,
        field_extra={"custom": {"drawStyle": "bars", "stacking": {"mode": "normal"}}})
d.panel("timeseries", "Network bytes received + sent", [("time_series",
        acct_hour("sum(u.net_rx_bytes + u.net_tx_bytes)", ""))], interval="1h", unit="bytes", options=TS,
        field_extra={"custom": {"drawStyle": "bars", "stacking": {"mode": "normal"}}})
d.panel("table", "Usage per VM in the range (closed hours and adjustments)", [("table",
        "SELECT u.account, coalesce(v.name, u.vm_uuid) AS vm, count(*) FILTER (WHERE u.kind = 'hour') AS hours,\n"
        "       sum(u.cpu_seconds) / 3600 AS cpu_core_hours, sum(u.memory_gib_hours) AS memory_gib_hours,\n"
        "       sum(u.disk_read_bytes + u.disk_write_bytes) AS disk_bytes,\n"
        "       sum(u.net_rx_bytes + u.net_tx_bytes) AS net_bytes,\n"
        "       sum(u.covered_seconds) / nullif(sum(u.running_seconds), 0) AS coverage\n"
        "FROM usage_record u LEFT JOIN vm v ON v.vm_uuid = u.vm_uuid\n"
        "WHERE u.hour_start > $__timeFrom()::timestamptz - interval '1 hour' AND u.hour_start < $__timeTo()::timestamptz AND u.account IN ($account)\n"
        "GROUP BY 1, 2 ORDER BY 1, 2")], w_=24)
d.panel("timeseries", "Live CPU cores used per account (not yet metered)", [("time_series",
        "-- cores integrated over the bucket / bucket length = mean cores used, summed over the account's VMs\n" + three(
        "SELECT $__timeGroupAlias(s.ts, $__interval), v.billing_account AS metric,\n"
        "       sum(s.cpu_used_cores * s.step_seconds) / (greatest($__interval_ms, 5000) / 1000.0) AS value\n"
        "FROM vm_sample s JOIN vm v ON v.vm_id = s.vm_id\n"
        "WHERE $__timeFilter(s.ts) AND v.billing_account IN ($account)",
        "SELECT $__timeGroupAlias(r.bucket, $__interval), v.billing_account,\n"
        "       sum(r.cpu_used_cores_avg) / (greatest($__interval_ms, @MS@) / @MS@.0)\n"
        "FROM vm_sample_{t} r JOIN vm v ON v.vm_id = r.vm_id\n"
        "WHERE $__timeFilter(r.bucket) AND v.billing_account IN ($account)").replace("@MS@", "60000", 2)
        .replace("@MS@", "3600000", 2))], options=TS,
        description="Sum over the account's VMs of the mean cores each used in the bucket, from samples "
                    "(realtime, before the usage meter closes the hour).")
d.panel("table", "VMs per account now", [("table",
        "SELECT v.billing_account AS account, count(*) FILTER (WHERE v.power_state = 'running') AS running,\n"
        "       count(*) AS total, sum(v.vcpus) FILTER (WHERE v.power_state = 'running') AS running_vcpus,\n"
        "       sum(v.memory_bytes) FILTER (WHERE v.power_state = 'running') AS running_memory_bytes\n"
        "FROM vm v WHERE v.gone_at IS NULL AND v.billing_account IN ($account)\n"
        "GROUP BY 1 ORDER BY 1")])
d.write("billing.json")

# ================= Balancing
d = Dash("poolpilot-balancing", "PoolPilot / Balancing", ["poolpilot"], [POOL],
         "Plans, their steps and outcomes, the migrations that happened, and the balance they bought.")
d.annotations.append(MIGRATIONS)
d.panel("timeseries", "Plans created, by final state", [("time_series",
        "SELECT $__timeGroupAlias(pl.created_at, $__interval), pl.state AS metric, count(*) AS value\n"
        "FROM plan pl WHERE $__timeFilter(pl.created_at) AND pl.pool_name IN (SELECT name FROM pool WHERE pool_id IN ($pool))\n"
        "GROUP BY 1, 2 ORDER BY 1, 2")], interval="5m", options=TS,
        field_extra={"custom": {"drawStyle": "bars", "stacking": {"mode": "normal"}}})
d.panel("piechart", "Step outcomes", [("table",
        "SELECT coalesce(st.outcome, st.status) AS outcome, count(*) AS steps\n"
        "FROM plan_step st JOIN plan pl ON pl.plan_id = st.plan_id\n"
        "WHERE $__timeFilter(pl.created_at) AND pl.pool_name IN (SELECT name FROM pool WHERE pool_id IN ($pool))\n"
        "GROUP BY 1 ORDER BY 2 DESC")],
        options={"reduceOptions": {"calcs": ["lastNotNull"], "fields": "", "values": True},
                 "legend": {"displayMode": "table", "placement": "right", "values": ["value"]}})
d.panel("table", "Plans", [("table",
        "SELECT pl.plan_id, pl.pool_name AS pool, pl.mode, pl.state, pl.created_at, pl.updated_at,\n"
        "       pl.created_by, pl.state_reason AS reason,\n"
        "       (SELECT count(*) FROM plan_step st WHERE st.plan_id = pl.plan_id) AS steps\n"
        "FROM plan pl\n"
        "WHERE $__timeFilter(pl.created_at) AND pl.pool_name IN (SELECT name FROM pool WHERE pool_id IN ($pool))\n"
        "ORDER BY pl.created_at DESC")], w_=24)
d.panel("table", "Steps", [("table",
        "SELECT st.plan_id, st.wave, st.step_index, v.name AS vm, src.name AS from_host, dst.name AS to_host,\n"
        "       st.status, st.outcome, st.attempts, st.started_at, st.finished_at, st.reason\n"
        "FROM plan_step st JOIN plan pl ON pl.plan_id = st.plan_id\n"
        "LEFT JOIN vm v ON v.vm_uuid = st.vm_uuid\n"
        "LEFT JOIN host src ON src.host_uuid = st.from_host_uuid LEFT JOIN host dst ON dst.host_uuid = st.to_host_uuid\n"
        "WHERE $__timeFilter(pl.created_at) AND pl.pool_name IN (SELECT name FROM pool WHERE pool_id IN ($pool))\n"
        "ORDER BY st.plan_id DESC, st.step_index")], w_=24)
d.panel("table", "Migrations observed (any cause)", [("table",
        "SELECT cur.valid_from AS at, p.name AS pool, v.name AS vm, src.name AS from_host, dst.name AS to_host\n"
        "FROM vm_placement cur\n"
        "JOIN vm_placement prev ON prev.vm_id = cur.vm_id AND prev.valid_to = cur.valid_from\n"
        "JOIN vm v ON v.vm_id = cur.vm_id JOIN pool p ON p.pool_id = v.pool_id\n"
        "JOIN host src ON src.host_id = prev.host_id JOIN host dst ON dst.host_id = cur.host_id\n"
        "WHERE $__timeFilter(cur.valid_from) AND prev.host_id <> cur.host_id AND v.pool_id IN ($pool)\n"
        "ORDER BY cur.valid_from DESC")])
d.panel("timeseries", "Balance score", [("time_series", BALANCE)], options=TS, field_extra={"min": 0, "max": 100})
d.write("balancing.json")

# ================= Health (Prometheus)
PVAR = var("pool", "Pool", "label_values(poolpilot_collect_samples_total, pool)", ds=PROM)
PVAR["query"] = {"query": "label_values(poolpilot_collect_samples_total, pool)", "refId": "PoolVar"}
IVAR = var("instance", "Daemon", "label_values(poolpilot_journal_backlog, instance)", ds=PROM)
IVAR["query"] = {"query": "label_values(poolpilot_journal_backlog, instance)", "refId": "InstanceVar"}
d = Dash("poolpilot-health", "PoolPilot / Health", ["poolpilot"], [IVAR, PVAR],
         "The daemon's own metrics (management port /metrics, scraped by Prometheus).")
d.ds = PROM
SEL = 'instance=~"$instance"'
PSEL = 'instance=~"$instance", pool=~"$pool"'
d.panel("timeseries", "Samples ingested per second, by pool", [
        (f"sum by (pool) (rate(poolpilot_collect_samples_total{{{PSEL}}}[$__rate_interval]))", "{{pool}}")],
        unit="ops", options=TS)
d.panel("timeseries", "Rows committed per second, by table", [
        (f"sum by (table) (rate(poolpilot_store_rows_written_total{{{SEL}}}[$__rate_interval]))", "{{table}}")],
        unit="ops", options=TS)
d.panel("timeseries", "Journal backlog per reader", [
        (f"max by (reader) (poolpilot_journal_backlog{{{SEL}}})", "{{reader}}")], options=TS)
d.panel("timeseries", "DB batch latency", [
        (f"histogram_quantile(0.99, sum by (le) (rate(poolpilot_store_batch_latency_seconds_bucket{{{SEL}}}[$__rate_interval])))", "p99"),
        (f"sum(rate(poolpilot_store_batch_latency_seconds_sum{{{SEL}}}[$__rate_interval])) / sum(rate(poolpilot_store_batch_latency_seconds_count{{{SEL}}}[$__rate_interval]))", "mean")],
        unit="s", options=TS)
d.panel("timeseries", "XAPI rrd_updates latency, by pool", [
        (f'max by (pool, quantile) (poolpilot_xapi_rrd_fetch_seconds{{{PSEL}}})', "{{pool}} p{{quantile}}")],
        unit="s", options=TS)
d.panel("timeseries", "XAPI errors per second, by pool", [
        (f"sum by (pool) (rate(poolpilot_collect_host_poll_failures_total{{{PSEL}}}[$__rate_interval]))", "{{pool}} rrd poll"),
        (f"sum by (pool) (rate(poolpilot_xapi_event_failures_total{{{PSEL}}}[$__rate_interval]))", "{{pool}} event.from")],
        unit="ops", options=TS)
d.panel("timeseries", "Samples skipped, by reason", [
        (f"sum by (pool, reason) (rate(poolpilot_collect_samples_skipped_total{{{PSEL}}}[$__rate_interval]))", "collect {{pool}} {{reason}}"),
        (f"sum by (reason) (rate(poolpilot_store_rows_skipped_total{{{SEL}}}[$__rate_interval]))", "store {{reason}}")],
        unit="ops", options=TS)
d.panel("timeseries", "DB write retries and blocking-pool rejections", [
        (f"sum(rate(poolpilot_store_write_retries_total{{{SEL}}}[$__rate_interval]))", "DB retries"),
        (f"sum by (pool) (rate(poolpilot_blocking_rejected_total{{{SEL}}}[$__rate_interval]))", "rejected {{pool}}")],
        unit="ops", options=TS)
d.panel("timeseries", "Planner solve time, by pool", [
        (f"histogram_quantile(0.95, sum by (le, pool) (rate(poolpilot_planner_solve_seconds_bucket{{{PSEL}}}[$__rate_interval])))", "{{pool}} p95")],
        unit="s", options=TS)
d.panel("timeseries", "Executor step outcomes", [
        (f"sum by (outcome) (increase(poolpilot_executor_steps_total{{{PSEL}}}[$__rate_interval]))", "{{outcome}}")],
        options=TS, field_extra={"custom": {"drawStyle": "bars", "stacking": {"mode": "normal"}}})
d.panel("timeseries", "Open alerts, by pool and kind (details: GET /v1/alerts)", [
        (f"max by (pool, kind) (poolpilot_detect_alerts_open{{{PSEL}}})", "{{pool}} {{kind}}")],
        options=TS, description="Alerts the detector holds open (host-down, storage-lost, host-overloaded); "
        "only the daemon holding a pool's lease reports them, the others report 0. See docs/alerts.md.")
d.write("health.json")
print("ok")
