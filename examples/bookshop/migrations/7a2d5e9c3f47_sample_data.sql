-- revision: 7a2d5e9c3f47
-- revises: 6f8c4a2e1b36
-- message: sample data for development
-- created: 2026-02-09T13:20:00Z

-- migrate:up
-- Production runs this revision as a no-op. A developer who wants a catalogue
-- to click through runs `strata upgrade head -x sample_data=1`. OR IGNORE and
-- fixed ids make it safe to run again over rows a previous run left behind.
-- strata:if x.sample_data
INSERT OR IGNORE INTO authors (id, name, born) VALUES
    (1, 'Ursula K. Le Guin', 1929),
    (2, 'Italo Calvino', 1923),
    (3, 'Tove Jansson', 1914);
INSERT OR IGNORE INTO books (id, author_id, title, isbn, published, price_cents) VALUES
    (1, 1, 'The Dispossessed', '9780060512750', 1974, 1699),
    (2, 1, 'A Wizard of Earthsea', '9780547773742', 1968, 1299),
    (3, 2, 'Invisible Cities', '9780156453806', 1972, 1450),
    (4, 3, 'The Summer Book', '9781590170687', 1972, 1595);
INSERT OR IGNORE INTO reviews (id, book_id, rating, body) VALUES
    (1, 1, 5, 'An ambiguous utopia, and the best argument about one.'),
    (2, 3, 5, 'Fifty-five cities, none of them on a map.'),
    (3, 4, 4, 'Quiet, funny, and about everything.');
-- strata:endif

-- migrate:down
-- The same flag removes the sample rows; without it the downgrade leaves every
-- row alone, so running it against production can never delete real books.
-- strata:if x.sample_data
DELETE FROM reviews WHERE id IN (1, 2, 3);
DELETE FROM books WHERE id IN (1, 2, 3, 4);
DELETE FROM authors WHERE id IN (1, 2, 3);
-- strata:endif
