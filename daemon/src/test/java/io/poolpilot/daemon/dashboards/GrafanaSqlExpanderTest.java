package io.poolpilot.daemon.dashboards;

import io.poolpilot.daemon.dashboards.GrafanaSqlExpander.TimeRange;
import io.poolpilot.daemon.dashboards.GrafanaSqlExpander.Variable;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The expander produces the text Grafana's PostgreSQL data source produces; expected strings are
 * the ones in Grafana's own macro tests (2018-04-12 18:00 to 18:05) and data source docs.
 */
class GrafanaSqlExpanderTest {

    private static final TimeRange FIVE_MINUTES = new TimeRange(Instant.parse("2018-04-12T18:00:00Z"),
            Instant.parse("2018-04-12T18:05:00Z"));
    private final GrafanaSqlExpander plain = new GrafanaSqlExpander(false);
    private final GrafanaSqlExpander timescale = new GrafanaSqlExpander(true);

    @Test
    void timeMacrosExpandToGrafanasText() {
        assertThat(plain.expandMacros("select $__time(time_column)", FIVE_MINUTES)).isEqualTo("select time_column AS \"time\"");
        assertThat(plain.expandMacros("WHERE $__timeFilter(time_column)", FIVE_MINUTES))
                .isEqualTo("WHERE time_column BETWEEN '2018-04-12T18:00:00Z' AND '2018-04-12T18:05:00Z'");
        assertThat(plain.expandMacros("select $__timeFrom()", FIVE_MINUTES)).isEqualTo("select '2018-04-12T18:00:00Z'");
        assertThat(plain.expandMacros("select $__timeTo()", FIVE_MINUTES)).isEqualTo("select '2018-04-12T18:05:00Z'");
        assertThat(plain.expandMacros("select $__unixEpochFilter(time)", FIVE_MINUTES))
                .isEqualTo("select time >= 1523556000 AND time <= 1523556300");
        assertThat(plain.expandMacros("select $__timeEpoch(t)", FIVE_MINUTES)).isEqualTo("select extract(epoch from t) as \"time\"");
    }

    @Test
    void timeGroupMatchesGrafanaIncludingThePre53AliasRule() {
        assertThat(plain.expandMacros("SELECT $__timeGroup(time_column,'5m')", FIVE_MINUTES))
                .isEqualTo("SELECT floor(extract(epoch from time_column)/300)*300");
        assertThat(plain.expandMacros("SELECT $__timeGroupAlias(time_column , '5m')", FIVE_MINUTES))
                .isEqualTo("SELECT floor(extract(epoch from time_column)/300)*300 AS \"time\"");
        assertThat(plain.expandMacros("SELECT $__timeGroup(time_column,'5m'), value", FIVE_MINUTES))
                .isEqualTo("SELECT floor(extract(epoch from time_column)/300)*300 AS \"time\", value");
        assertThat(plain.expandMacros("SELECT $__timeGroup(time_column,'5m') as time, value", FIVE_MINUTES))
                .isEqualTo("SELECT floor(extract(epoch from time_column)/300)*300 as time, value");
        assertThat(timescale.expandMacros("GROUP BY $__timeGroup(time_column , '12d')", FIVE_MINUTES))
                .isEqualTo("GROUP BY time_bucket('1036800.000s',time_column)");
        assertThat(timescale.expandMacros("GROUP BY $__timeGroup(time_column,'20ms')", FIVE_MINUTES))
                .isEqualTo("GROUP BY time_bucket('0.020s',time_column)");
        assertThat(plain.expandMacros("SELECT $__unixEpochGroupAlias(time_column+time_adjustment,'5m')", FIVE_MINUTES))
                .isEqualTo("SELECT floor((time_column+time_adjustment)/300)*300 AS \"time\"");
    }

    @Test
    void fractionalSecondsPrintLikeGosRfc3339Nano() {
        TimeRange half = new TimeRange(Instant.parse("1960-02-01T07:00:00.500Z"), Instant.parse("1980-02-03T08:00:00.500Z"));
        assertThat(plain.expandMacros("$__timeFilter(t)", half))
                .isEqualTo("t BETWEEN '1960-02-01T07:00:00.5Z' AND '1980-02-03T08:00:00.5Z'");
    }

    @Test
    void intervalIsReplacedBeforeMacrosSoItCanBeAMacroArgument() {
        String sql = plain.expand("SELECT $__timeGroupAlias(ts, $__interval), $__interval_ms, $__unixEpochFrom()",
                FIVE_MINUTES, Duration.ofMinutes(1), Map.of());
        assertThat(sql).isEqualTo("SELECT floor(extract(epoch from ts)/60)*60 AS \"time\", 60000, 1523556000");
    }

    @Test
    void grafanaPicksARoundIntervalNoFinerThanTheMinimum() {
        TimeRange sixHours = new TimeRange(Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2026-01-01T06:00:00Z"));
        assertThat(GrafanaSqlExpander.calculateInterval(sixHours, 1000, Duration.ofSeconds(5))).hasSeconds(20);
        assertThat(GrafanaSqlExpander.calculateInterval(FIVE_MINUTES, 1000, Duration.ofSeconds(5))).hasSeconds(5);
        TimeRange thirtyDays = new TimeRange(Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2026-01-31T00:00:00Z"));
        assertThat(GrafanaSqlExpander.calculateInterval(thirtyDays, 1000, Duration.ofSeconds(5))).hasMinutes(30);
        assertThat(GrafanaSqlExpander.formatInterval(Duration.ofSeconds(20))).isEqualTo("20s");
        assertThat(GrafanaSqlExpander.formatInterval(Duration.ofDays(1))).isEqualTo("1d");
    }

    @Test
    void multiValueVariablesAreQuotedAndSingleValuesAreRaw() {
        Map<String, Variable> vars = Map.of(
                "pool", new Variable("pool", List.of("1", "2"), true, true),
                "account", new Variable("account", List.of("o'brien", "acme"), true, false),
                "limit", new Variable("limit", List.of("10"), false, false));
        Duration i = Duration.ofSeconds(5);
        assertThat(plain.interpolateVariables("pool_id IN ($pool)", vars, i)).isEqualTo("pool_id IN ('1','2')");
        assertThat(plain.interpolateVariables("a IN (${account})", vars, i)).isEqualTo("a IN ('o''brien','acme')");
        assertThat(plain.interpolateVariables("${pool:csv}|[[pool]]|${account:singlequote}|LIMIT $limit", vars, i))
                .isEqualTo("1,2|'1','2'|'o\\'brien','acme'|LIMIT 10");
        assertThat(plain.interpolateVariables("$__timeFilter(ts) AND $unknown", vars, i))
                .isEqualTo("$__timeFilter(ts) AND $unknown");
    }

    @Test
    void badMacrosFailLikeGrafanaDoes() {
        assertThatThrownBy(() -> plain.expandMacros("$__timeGroup(ts)", FIVE_MINUTES))
                .hasMessageContaining("needs time column and interval");
        assertThatThrownBy(() -> plain.expandMacros("$__timeGroup(ts, 'soon')", FIVE_MINUTES))
                .hasMessageContaining("error parsing interval");
        assertThatThrownBy(() -> plain.expandMacros("$__nope(ts)", FIVE_MINUTES)).hasMessageContaining("unknown macro");
        assertThatThrownBy(() -> new TimeRange(FIVE_MINUTES.to(), FIVE_MINUTES.from()))
                .hasMessageContaining("from < to");
    }
}
