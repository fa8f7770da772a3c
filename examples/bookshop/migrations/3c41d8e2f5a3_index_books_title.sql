-- revision: 3c41d8e2f5a3
-- revises: 2b7f3e9a4c12
-- message: add index on books.title
-- created: 2026-01-19T11:05:00Z

-- migrate:up
-- The catalogue search filters by title; without this it scans every book.
CREATE INDEX ix_books_title ON books (title COLLATE NOCASE);

-- migrate:down
DROP INDEX ix_books_title;
