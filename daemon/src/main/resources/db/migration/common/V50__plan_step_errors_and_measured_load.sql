-- XAPI's raw error of a failed step, beside the sentence in outcome (scripts match the code), and the
-- per-host load measured once a plan has run, beside the planner's prediction (plan.predicted).
ALTER TABLE plan_step ADD COLUMN error_code text;
ALTER TABLE plan_step ADD COLUMN error_params jsonb;
ALTER TABLE plan ADD COLUMN measured jsonb;
