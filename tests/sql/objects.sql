-- Types, enums, schemas, extensions, sequences, views, functions, triggers, domains, databases.
CREATE TYPE mood AS ENUM ('sad', 'ok');
-- op: create_type table=mood names=sad,ok flags=enum
CREATE TYPE s.pair AS (a int, b text);
-- op: create_type schema=s table=pair
CREATE TYPE r AS RANGE (subtype = int4);
-- op: create_type table=r
ALTER TYPE mood ADD VALUE 'happy';
-- op: add_enum_value table=mood value=happy
ALTER TYPE mood ADD VALUE IF NOT EXISTS 'meh' BEFORE 'ok';
-- op: add_enum_value table=mood value=meh neighbor=ok flags=if_not_exists,before
ALTER TYPE s.mood ADD VALUE 'great' AFTER 'happy';
-- op: add_enum_value schema=s table=mood value=great neighbor=happy flags=after
ALTER TYPE mood RENAME VALUE 'sad' TO 'blue';
-- op: rename_enum_value table=mood new_name=blue value=sad
ALTER TYPE mood RENAME TO feeling;
-- op: rename_type table=mood new_name=feeling
ALTER TYPE pair ADD ATTRIBUTE c int;
-- op: alter_type table=pair
DROP TYPE IF EXISTS mood, s.pair CASCADE;
-- op: drop_type table=mood flags=if_exists,cascade
-- op: drop_type schema=s table=pair flags=if_exists,cascade
CREATE SCHEMA IF NOT EXISTS app;
-- op: create_schema table=app flags=if_not_exists
CREATE SCHEMA other CREATE TABLE t (id int);
-- op: create_schema table=other
-- op: create_table table=t columns=id:integer
ALTER SCHEMA app RENAME TO application;
-- op: rename_schema table=app new_name=application
DROP SCHEMA app CASCADE;
-- op: drop_schema table=app flags=cascade
CREATE EXTENSION IF NOT EXISTS pgcrypto;
-- op: create_extension table=pgcrypto flags=if_not_exists
DROP EXTENSION pgcrypto;
-- op: drop_extension table=pgcrypto
CREATE SEQUENCE IF NOT EXISTS s.seq;
-- op: create_sequence schema=s table=seq flags=if_not_exists
ALTER SEQUENCE seq RESTART WITH 10;
-- op: alter_sequence table=seq
DROP SEQUENCE seq;
-- op: drop_sequence table=seq
CREATE OR REPLACE VIEW v AS SELECT 1;
-- op: create_view table=v flags=or_replace
CREATE MATERIALIZED VIEW mv AS SELECT 1;
-- op: create_view table=mv flags=materialized
DROP VIEW v;
-- op: drop_view table=v
DROP MATERIALIZED VIEW IF EXISTS mv;
-- op: drop_view table=mv flags=if_exists,materialized
CREATE FUNCTION add(a int, b int) RETURNS int LANGUAGE sql AS 'SELECT a + b';
-- op: create_function table=add
DROP FUNCTION IF EXISTS s.add(int, int);
-- op: drop_function schema=s table=add flags=if_exists
CREATE TRIGGER trg BEFORE INSERT ON s.users FOR EACH ROW EXECUTE FUNCTION f();
-- op: create_trigger schema=s table=users name=trg
DROP TRIGGER IF EXISTS trg ON s.users;
-- op: drop_trigger schema=s table=users name=trg flags=if_exists
CREATE DOMAIN posint AS integer CHECK (VALUE > 0);
-- op: create_domain table=posint type=integer constraint=check flags=has_constraint
CREATE DOMAIN label AS text;
-- op: create_domain table=label type=text
ALTER DOMAIN posint ADD CONSTRAINT big CHECK (VALUE > 10) NOT VALID;
-- op: alter_domain other=add_constraint table=posint name=big constraint=check flags=not_valid
ALTER DOMAIN posint DROP CONSTRAINT big;
-- op: alter_domain other=drop_constraint table=posint name=big
DROP DOMAIN posint;
-- op: drop_domain table=posint
CREATE DATABASE shop;
-- op: create_database table=shop
DROP DATABASE IF EXISTS shop;
-- op: drop_database table=shop flags=if_exists
