-- revision: 5e3b7f1a9d25
-- revises: 3c41d8e2f5a3
-- message: add price column with a data update
-- created: 2026-01-27T16:45:00Z

-- migrate:up
-- Written by Bob on his branch. Prices are whole cents: no rounding surprises.
ALTER TABLE books ADD COLUMN price_cents INTEGER;
-- Existing books get a list price until the shop sets real ones.
UPDATE books SET price_cents = 1999 WHERE price_cents IS NULL;

-- migrate:down
ALTER TABLE books DROP COLUMN price_cents;
