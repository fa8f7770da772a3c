-- revision: 1a0e5c7d2b01
-- message: create authors
-- created: 2026-01-05T09:12:00Z

-- migrate:up
CREATE TABLE authors (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    born       INTEGER,
    created_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- migrate:down
DROP TABLE authors;
