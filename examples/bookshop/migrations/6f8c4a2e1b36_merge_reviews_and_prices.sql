-- revision: 6f8c4a2e1b36
-- revises: 4d9a2b6c8e14, 5e3b7f1a9d25
-- message: merge reviews and prices
-- created: 2026-02-02T09:30:00Z

-- migrate:up
-- Joins Alice's and Bob's branches. A merge may run SQL too: this view needs
-- both the reviews table and the price column, so it can only live here.
CREATE VIEW book_summary AS
SELECT b.id,
       b.title,
       a.name AS author,
       b.price_cents,
       COUNT(r.id) AS review_count,
       ROUND(AVG(r.rating), 1) AS average_rating
  FROM books b
  JOIN authors a ON a.id = b.author_id
  LEFT JOIN reviews r ON r.book_id = b.id
 GROUP BY b.id;

-- migrate:down
DROP VIEW book_summary;
