-- Test only: V9001 as fixed after it failed (never applied, so it may change).
CREATE TABLE half_done (id integer PRIMARY KEY);
INSERT INTO half_done VALUES (1);
