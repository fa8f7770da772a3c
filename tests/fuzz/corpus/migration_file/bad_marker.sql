-- revision: r2
--   migrate:upgrade
SELECT 1;
