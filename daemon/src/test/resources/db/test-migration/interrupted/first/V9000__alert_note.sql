-- Test only: the first of two pending migrations; it must stay applied when the second fails.
ALTER TABLE alert ADD COLUMN note text;
UPDATE alert SET note = 'before the interrupted upgrade';
