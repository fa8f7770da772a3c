-- leading comment
CREATE TABLE t (a TEXT DEFAULT 'x;y', "b;c" INTEGER, [d] REAL, `e` BLOB);
INSERT INTO t VALUES ('it''s', 1, 2.0, x'00'); /* c */ ;;
SELECT 1
