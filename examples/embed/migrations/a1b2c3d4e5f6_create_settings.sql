-- revision: a1b2c3d4e5f6
-- message: create settings
-- created: 2026-11-22T10:00:00Z

-- migrate:up
CREATE TABLE settings (
    key   VARCHAR(64) PRIMARY KEY,
    value TEXT NOT NULL
);

-- migrate:down
DROP TABLE settings;
