-- Test only: fails midway, after it created a table and wrote a row; both must be rolled back.
CREATE TABLE half_done (id integer PRIMARY KEY);
INSERT INTO half_done VALUES (1);
UPDATE alert SET note = 'half done';
SELECT 1 / 0;
