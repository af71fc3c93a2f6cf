-- Data changes, session settings, transactions, maintenance, everything else.
INSERT INTO users (id) VALUES (1);
-- op: insert table=users names=id
UPDATE users SET name = 'x';
-- op: update table=users names=name
UPDATE s.users SET a = 1, b = 2, a = 3 WHERE id = 1;
-- op: update schema=s table=users names=a,b,a flags=has_where
UPDATE users SET (a, b) = (1, 2) WHERE true;
-- op: update table=users names=a,b flags=has_where
DELETE FROM users;
-- op: delete table=users
DELETE FROM users WHERE id = 1;
-- op: delete table=users flags=has_where
TRUNCATE a, s.b CASCADE;
-- op: truncate table=a flags=cascade
-- op: truncate schema=s table=b flags=cascade
TRUNCATE TABLE c;
-- op: truncate table=c
COPY users FROM stdin;
-- op: copy table=users
SET lock_timeout = '2s';
-- op: set name=lock_timeout value=2s
SET LOCAL statement_timeout TO 5000;
-- op: set name=statement_timeout value=5000 flags=local
SET search_path TO app, public;
-- op: set name=search_path value=app, public
SET SESSION lock_timeout = DEFAULT;
-- op: set name=lock_timeout flags=reset
RESET statement_timeout;
-- op: set name=statement_timeout flags=reset
SET TRANSACTION ISOLATION LEVEL SERIALIZABLE;
-- op: set name=TRANSACTION flags=transaction_set
SELECT set_config('lock_timeout', '3s', true);
-- op: set name=lock_timeout value=3s flags=local
BEGIN;
-- op: begin
SAVEPOINT sp1;
-- op: savepoint name=sp1
RELEASE SAVEPOINT sp1;
-- op: release_savepoint name=sp1
ROLLBACK TO SAVEPOINT sp1;
-- op: rollback_to_savepoint name=sp1
COMMIT;
-- op: commit
START TRANSACTION;
-- op: begin
ROLLBACK;
-- op: rollback
END;
-- op: commit
CLUSTER users USING users_pkey;
-- op: cluster table=users name=users_pkey
VACUUM (FULL, ANALYZE) users, orders;
-- op: vacuum table=users flags=analyze,full
-- op: vacuum table=orders flags=analyze,full
VACUUM;
-- op: vacuum
ANALYZE users;
-- op: vacuum table=users flags=analyze_only
REFRESH MATERIALIZED VIEW CONCURRENTLY s.mv;
-- op: refresh_materialized_view schema=s table=mv flags=concurrently,materialized
LOCK TABLE users IN ACCESS EXCLUSIVE MODE;
-- op: lock_table table=users
GRANT SELECT ON users TO reader;
-- op: other other=GrantStmt
SELECT 1;
-- op: other other=SelectStmt
INSERT INTO users VALUES (1);
-- op: insert table=users
INSERT INTO users (tags[1], tags[2]) SELECT 1, 2;
-- op: insert table=users names=tags,tags
