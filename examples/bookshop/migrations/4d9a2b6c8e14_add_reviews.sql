-- revision: 4d9a2b6c8e14
-- revises: 3c41d8e2f5a3
-- message: add reviews table
-- created: 2026-01-26T10:00:00Z

-- migrate:up
-- Written by Alice on her branch, the same week Bob added prices.
CREATE TABLE reviews (
    id         INTEGER PRIMARY KEY,
    book_id    INTEGER NOT NULL REFERENCES books (id) ON DELETE CASCADE,
    rating     INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 5),
    body       TEXT,
    created_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX ix_reviews_book_id ON reviews (book_id);

-- migrate:down
DROP INDEX ix_reviews_book_id;
DROP TABLE reviews;
