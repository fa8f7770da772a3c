SELECT 1;
-- ÿ
SELECT E'a
\xff';
