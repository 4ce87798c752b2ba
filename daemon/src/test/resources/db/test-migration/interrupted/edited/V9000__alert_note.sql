-- Test only: V9000 edited after it was applied; Flyway's checksum must refuse it.
ALTER TABLE alert ADD COLUMN note text;
UPDATE alert SET note = 'edited';
