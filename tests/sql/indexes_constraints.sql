-- Indexes and constraints.
CREATE INDEX ON users (email);
-- op: create_index table=users names=email
CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS users_email ON s.users USING gin (email, lower(name)) WHERE active;
-- op: create_index schema=s table=users name=users_email method=gin names=email,(expr) flags=if_not_exists,concurrently,unique,has_where
DROP INDEX users_email;
-- op: drop_index name=users_email
DROP INDEX CONCURRENTLY IF EXISTS s.users_email CASCADE;
-- op: drop_index schema=s name=users_email flags=if_exists,concurrently,cascade
ALTER INDEX users_email RENAME TO users_mail;
-- op: rename_index name=users_email new_name=users_mail
REINDEX INDEX CONCURRENTLY users_mail;
-- op: reindex other=index name=users_mail flags=concurrently
REINDEX TABLE users;
-- op: reindex other=table table=users
REINDEX (CONCURRENTLY) SCHEMA app;
-- op: reindex other=schema name=app flags=concurrently
ALTER TABLE users ADD CONSTRAINT users_pk PRIMARY KEY (id);
-- op: add_constraint table=users name=users_pk constraint=primary_key names=id
ALTER TABLE users ADD CONSTRAINT users_pk2 PRIMARY KEY USING INDEX users_idx;
-- op: add_constraint table=users name=users_pk2 constraint=primary_key using_index=users_idx
ALTER TABLE users ADD CONSTRAINT users_org FOREIGN KEY (org_id, x) REFERENCES s.orgs (id, x) NOT VALID;
-- op: add_constraint table=users name=users_org constraint=foreign_key ref=s.orgs names=org_id,x flags=not_valid
ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE (email);
-- op: add_constraint table=users name=users_email_key constraint=unique names=email
ALTER TABLE users ADD CONSTRAINT age_check CHECK (age > 0) NOT VALID;
-- op: add_constraint table=users name=age_check constraint=check flags=not_valid
ALTER TABLE rooms ADD CONSTRAINT no_overlap EXCLUDE USING gist (room WITH =, during WITH &&);
-- op: add_constraint table=rooms name=no_overlap constraint=exclusion method=gist names=room,during
ALTER TABLE users VALIDATE CONSTRAINT users_org;
-- op: validate_constraint table=users name=users_org
ALTER TABLE users DROP CONSTRAINT IF EXISTS users_org CASCADE;
-- op: drop_constraint table=users name=users_org flags=if_exists,cascade
ALTER TABLE users RENAME CONSTRAINT a TO b;
-- op: rename_constraint table=users name=a new_name=b
ALTER TABLE p ATTACH PARTITION p2 FOR VALUES IN (2);
-- op: attach_partition table=p name=p2
ALTER TABLE p DETACH PARTITION p1;
-- op: detach_partition table=p name=p1
ALTER TABLE p DETACH PARTITION s.p1 CONCURRENTLY;
-- op: detach_partition table=p name=p1 flags=concurrently
ALTER TABLE p DETACH PARTITION p1 FINALIZE;
-- op: detach_partition other=finalize table=p name=p1
