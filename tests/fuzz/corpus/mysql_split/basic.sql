CREATE TABLE t (a int); # comment
INSERT INTO t VALUES (1), (2);
