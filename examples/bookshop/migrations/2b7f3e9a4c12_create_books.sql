-- revision: 2b7f3e9a4c12
-- revises: 1a0e5c7d2b01
-- message: create books
-- created: 2026-01-12T14:30:00Z

-- migrate:up
CREATE TABLE books (
    id        INTEGER PRIMARY KEY,
    author_id INTEGER NOT NULL REFERENCES authors (id) ON DELETE RESTRICT,
    title     TEXT NOT NULL,
    isbn      TEXT UNIQUE,
    published INTEGER
);
CREATE INDEX ix_books_author_id ON books (author_id);

-- migrate:down
DROP INDEX ix_books_author_id;
DROP TABLE books;
