-- revision: a1b2c3d4e5f6
-- revises: 0f9e8d7c6b5a
-- message: create users
-- created: 2024-05-01T10:00:00Z

-- migrate:up
CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT NOT NULL);

-- migrate:down
DROP TABLE users;
