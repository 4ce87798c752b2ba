package io.poolpilot.daemon.answer;

import io.poolpilot.api.model.Alert;
import io.poolpilot.api.model.AlertAnswer;
import io.poolpilot.api.model.AlertFilter;
import io.poolpilot.api.model.AnswerState;
import io.poolpilot.api.model.Page;
import io.poolpilot.api.model.PageRequest;
import io.poolpilot.api.model.Refusal;
import io.poolpilot.api.port.AlertPort;
import io.poolpilot.api.port.PortFailure;
import io.poolpilot.daemon.control.Db;
import io.poolpilot.daemon.detect.AlertStore;
import io.vertx.core.Future;

import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Alerts and their answers as the API serves them; the work runs on the database pool. */
public final class AlertService implements AlertPort {

    private final AlertStore alerts;
    private final AnswerStore answers;
    private final Db db;
    private final Clock clock;

    public AlertService(AlertStore alerts, AnswerStore answers, Db db, Clock clock) {
        this.alerts = alerts;
        this.answers = answers;
        this.db = db;
        this.clock = clock;
    }

    @Override
    public Future<Page<Alert>> alerts(AlertFilter filter, PageRequest page) {
        return alerts.alerts(filter, page);
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
