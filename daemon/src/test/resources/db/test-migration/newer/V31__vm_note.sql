-- Test only: a migration newer than the pre-Flyway fixture's last version, applied after the baseline.
ALTER TABLE vm ADD COLUMN note text NOT NULL DEFAULT 'kept';
