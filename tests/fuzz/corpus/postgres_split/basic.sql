CREATE TABLE "we;ird" (a text DEFAULT E'it\'s;', b int);
/* nested /* comment; */ still */ INSERT INTO "we;ird" VALUES ($$x;y$$, 1);
CREATE FUNCTION f() RETURNS int LANGUAGE plpgsql AS $body$ BEGIN RETURN 1; END $body$;
SELECT U&"d\0061t;a" FROM t -- trailing
