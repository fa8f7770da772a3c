-- revision: backfill_1
-- revises: a1b2c3d4e5f6, 11aa22bb33cc
-- depends-on: base_tables
-- branch-labels: data, net-core

-- migrate:up transaction:false
CREATE INDEX CONCURRENTLY users_email ON users (email);
-- migrate:batch
UPDATE users SET email = lower(email) WHERE id IN (SELECT id FROM users WHERE email <> lower(email) LIMIT 1000);
-- migrate:down transaction:true
DROP INDEX users_email;
