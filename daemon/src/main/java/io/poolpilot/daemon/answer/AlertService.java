package io.poolpilot.daemon.answer;

import io.poolpilot.api.model.Alert;
import io.poolpilot.api.model.AlertAnswer;
import io.poolpilot.api.model.AlertFilter;
import io.poolpilot.api.model.AnswerState;
import io.poolpilot.api.model.Page;
import io.poolpilot.api.model.PageRequest;
import io.poolpilot.api.model.Refusal;
import io.poolpilot.api.model.Silence;
import io.poolpilot.api.model.SilenceMatchers;
import io.poolpilot.api.port.AlertPort;
import io.poolpilot.api.port.PortFailure;
import io.poolpilot.daemon.control.Db;
import io.poolpilot.daemon.detect.AlertKind;
import io.poolpilot.daemon.detect.AlertStore;
import io.poolpilot.daemon.detect.SilenceStore;
import io.vertx.core.Future;

import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Alerts, their acknowledgements, silences and answers as the API serves them; the work runs on the database
 * pool. Each alert is served with the silences that mute it at the time of reading.
 */
public final class AlertService implements AlertPort {

    private final AlertStore alerts;
    private final AnswerStore answers;
    private final Db db;
    private final Clock clock;
    private final SilenceStore silences = new SilenceStore();

    public AlertService(AlertStore alerts, AnswerStore answers, Db db, Clock clock) {
        this.alerts = alerts;
        this.answers = answers;
        this.db = db;
        this.clock = clock;
    }

    @Override
    public Future<Page<Alert>> alerts(AlertFilter filter, PageRequest page) {
        return alerts.alerts(filter, page).compose(p -> db.call(c -> {
            List<Silence> active = silences.active(c, clock.instant());
            return new Page<>(p.items().stream().map(a -> withSilences(a, active)).toList(), p.nextKey());
        }));
    }

    /** {@code alert} with the ids of the {@code active} silences that mute it. */
    public Alert withSilences(Alert alert, List<Silence> active) {
        Instant now = clock.instant();
        var labels = AlertKind.labelsOf(alert);
        return alert.silenced(active.stream().filter(s -> s.mutes(labels, now)).map(Silence::id).toList());
    }

    @Override
    public Future<Alert> acknowledge(String alertId, String actor, String note) {
        long id;
        try {
            id = Long.parseLong(alertId);
        } catch (NumberFormatException e) {
            return Future.failedFuture(new PortFailure.NotFound("alert", alertId));
        }
        return db.call(c -> {
            Alert done = alerts.acknowledge(id, actor, note, clock.instant()).orElseGet(() -> {
                Alert found = alerts.get(id).orElseThrow(() -> new PortFailure.NotFound("alert", alertId));
                throw new PortFailure.Refused(Refusal.REFUSED, "alert " + alertId + " was acknowledged already by "
                        + found.acknowledgement().by() + " at " + found.acknowledgement().at(), null);
            });
            return withSilences(done, silences.active(c, clock.instant()));
        });
    }

    /** Page key: {@code <createdAt>|<silence uuid>} of the last silence shown. */
    @Override
    public Future<Page<Silence>> silences(String state, PageRequest page) {
        Instant before = null;
        UUID beforeId = null;
        if (page.afterKey() != null) {
            String[] parts = page.afterKey().split("\\|", 2);
            try {
                before = Instant.parse(parts[0]);
                beforeId = UUID.fromString(parts[1]);
            } catch (DateTimeParseException | IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
                return Future.failedFuture(new IllegalArgumentException("silence page key is malformed"));
            }
        }
        Instant b = before;
        UUID bid = beforeId;
        Instant now = clock.instant();
        return db.call(c -> {
            // pending and active are both "not ended yet"; told apart after reading
            Boolean ended = state == null ? null : "expired".equals(state);
            List<Silence> rows = new java.util.ArrayList<>();
            Instant cursor = b;
            UUID cursorId = bid;
            while (rows.size() <= page.limit()) {
                List<Silence> batch = silences.page(c, ended, now, cursor, cursorId, page.limit() + 1);
                batch.stream().filter(s -> state == null || s.state().equals(state)).forEach(rows::add);
                if (batch.size() <= page.limit()) {
                    break;
                }
                cursor = batch.getLast().createdAt();
                cursorId = UUID.fromString(batch.getLast().id());
            }
            boolean more = rows.size() > page.limit();
            List<Silence> shown = more ? rows.subList(0, page.limit()) : rows;
            return new Page<>(List.copyOf(shown), more ? shown.getLast().createdAt() + "|" + shown.getLast().id() : null);
        });
    }

    @Override
    public Future<Silence> silence(SilenceMatchers matchers, Instant startsAt, Instant endsAt, String comment, String actor) {
        Instant now = clock.instant();
        Instant start = startsAt == null || startsAt.isBefore(now) ? now : startsAt;
        if (!endsAt.isAfter(start)) {
            return Future.failedFuture(new IllegalArgumentException("endsAt must be after the silence starts (" + start
                    + "), got " + endsAt));
        }
        return db.call(c -> silences.create(c, matchers, start, endsAt, comment, actor, now));
    }

    @Override
    public Future<Silence> expireSilence(String silenceId, String actor) {
        UUID id = UUID.fromString(silenceId);
        return db.call(c -> {
            Instant now = clock.instant();
            return silences.expire(c, id, actor, now).orElseGet(() -> {
                try {
                    Silence found = silences.get(c, id, now).orElseThrow(() -> new PortFailure.NotFound("silence", silenceId));
                    throw new PortFailure.Refused(Refusal.REFUSED, "silence " + silenceId + " ended already at "
                            + found.endsAt(), null);
                } catch (java.sql.SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
        });
    }

    /** Page key: {@code <createdAt>|<answer uuid>} of the last answer shown. */
    @Override
    public Future<Page<AlertAnswer>> answers(String poolId, PageRequest page) {
        Instant before = null;
        UUID beforeId = null;
        if (page.afterKey() != null) {
            String[] parts = page.afterKey().split("\\|", 2);
            try {
                before = Instant.parse(parts[0]);
                beforeId = UUID.fromString(parts[1]);
            } catch (DateTimeParseException | IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
                return Future.failedFuture(new IllegalArgumentException("answer page key is malformed"));
            }
        }
        Instant b = before;
        UUID id = beforeId;
        return db.call(c -> {
            List<AlertAnswer> rows = answers.page(poolId, b, id, page.limit() + 1);
            boolean more = rows.size() > page.limit();
            List<AlertAnswer> shown = more ? rows.subList(0, page.limit()) : rows;
            return new Page<>(List.copyOf(shown), more ? shown.getLast().createdAt() + "|" + shown.getLast().id() : null);
        });
    }

    @Override
    public Future<Optional<AlertAnswer>> answer(String answerId) {
        return db.call(c -> answers.get(UUID.fromString(answerId)));
    }

    @Override
    public Future<AlertAnswer> decide(String answerId, boolean approve, String actor, String reason) {
        UUID id = UUID.fromString(answerId);
        return db.call(c -> {
            AlertAnswer answer = answers.get(id).orElseThrow(() -> new PortFailure.NotFound("answer", answerId));
            if (answer.state() != AnswerState.PROPOSED) {
                throw new PortFailure.Refused(Refusal.REFUSED, "answer " + answerId + " is " + answer.state().wire()
                        + "; only a proposed answer can be " + (approve ? "approved" : "rejected"), null);
            }
            AnswerState to = approve ? AnswerState.APPROVED : AnswerState.REJECTED;
            String why = (approve ? "approved by " : "rejected by ") + actor + (reason == null ? "" : ": " + reason);
            if (!answers.transition(id, AnswerState.PROPOSED, to, why, actor, clock.instant())) {
                throw new PortFailure.Refused(Refusal.REFUSED, "answer " + answerId + " changed meanwhile; read it again",
                        null);
            }
            return answers.get(id).orElseThrow();
        });
    }
}
