"""Generates a corpus of PostgreSQL migration .sql files for the benchmark (never a test).

    /usr/bin/python3 gen_sql.py DIR [FILES]     (default 2000 files, 23 statements each)

Statements rotate through DDL of many kinds (tables, columns, indexes, constraints, types,
views, functions, triggers, sequences, grants, comments), DML and DO blocks, so a parser
sees the variety real migrations have. Prints the number of statements written. Output is
deterministic.
"""
import os
import sys

STATEMENTS = [
    "CREATE TABLE IF NOT EXISTS {t} (\n    id bigserial PRIMARY KEY,\n"
    "    account_id bigint NOT NULL,\n    email text NOT NULL,\n"
    "    status varchar(20) NOT NULL DEFAULT 'active',\n"
    "    created_at timestamptz NOT NULL DEFAULT now(),\n    payload jsonb\n);",
    "ALTER TABLE {t} ADD COLUMN note_{k} text;",
    "ALTER TABLE {t} ADD COLUMN score_{k} integer NOT NULL DEFAULT 0;",
    "CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_{t}_email_{k} ON {t} (lower(email));",
    "CREATE UNIQUE INDEX ix_{t}_account_{k} ON {t} USING btree (account_id, created_at DESC)"
    " WHERE status <> 'deleted';",
    "ALTER TABLE {t} ALTER COLUMN email TYPE varchar(320);",
    "ALTER TABLE {t} ALTER COLUMN status SET NOT NULL;",
    "ALTER TABLE {t} ADD CONSTRAINT fk_{t}_account_{k} FOREIGN KEY (account_id)"
    " REFERENCES accounts (id) ON DELETE CASCADE NOT VALID;",
    "ALTER TABLE {t} VALIDATE CONSTRAINT fk_{t}_account_{k};",
    "ALTER TABLE {t} ADD CONSTRAINT ck_{t}_score_{k} CHECK (score_{k} >= 0);",
    "CREATE TYPE mood_{k} AS ENUM ('sad', 'ok', 'happy');",
    "ALTER TYPE mood_{k} ADD VALUE IF NOT EXISTS 'ecstatic' AFTER 'happy';",
    "CREATE OR REPLACE VIEW v_{t}_{k} AS\n    SELECT t.id, t.email, count(*) AS n\n"
    "    FROM {t} t JOIN accounts a ON a.id = t.account_id\n"
    "    WHERE t.created_at > now() - interval '30 days'\n    GROUP BY t.id, t.email;",
    "CREATE OR REPLACE FUNCTION touch_{t}_{k}() RETURNS trigger\nLANGUAGE plpgsql AS $$\n"
    "BEGIN\n    NEW.created_at := now();\n    RETURN NEW;\nEND;\n$$;",
    "CREATE TRIGGER trg_{t}_{k} BEFORE UPDATE ON {t}\n"
    "    FOR EACH ROW EXECUTE FUNCTION touch_{t}_{k}();",
    "CREATE SEQUENCE IF NOT EXISTS seq_{t}_{k} START WITH 1000 INCREMENT BY 1 CACHE 20;",
    "GRANT SELECT, INSERT, UPDATE ON {t} TO app_rw;",
    "COMMENT ON COLUMN {t}.email IS 'primary contact address, lower-cased';",
    "INSERT INTO {t} (account_id, email, status)\n"
    "VALUES (1, 'a{k}@example.com', 'active'), (2, 'b{k}@example.com', 'pending')\n"
    "ON CONFLICT DO NOTHING;",
    "UPDATE {t} SET status = 'archived'\nWHERE created_at < now() - interval '1 year'"
    " AND status = 'active';",
    "DELETE FROM {t} WHERE status = 'deleted' AND id IN (SELECT id FROM {t} LIMIT 1000);",
    "DO $$\nDECLARE\n    r record;\nBEGIN\n    FOR r IN SELECT id FROM {t} WHERE payload IS NULL"
    " LOOP\n        UPDATE {t} SET payload = '{{}}'::jsonb WHERE id = r.id;\n    END LOOP;\n"
    "    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'app_ro') THEN\n"
    "        CREATE ROLE app_ro;\n    END IF;\nEND\n$$;",
    "ALTER TABLE {t} RENAME COLUMN note_{k} TO remark_{k};",
    "DROP INDEX CONCURRENTLY IF EXISTS ix_{t}_old_{k};",
    "ALTER TABLE {t} DROP COLUMN IF EXISTS legacy_{k};",
    "CREATE EXTENSION IF NOT EXISTS pg_trgm;",
    "SET lock_timeout = '2s';",
    "ANALYZE {t};",
]


def file_text(f, per_file):
    out = ["-- migration %04d: generated for retort's benchmark\n" % f]
    for s in range(per_file):
        k = f * per_file + s
        template = STATEMENTS[(k * 7 + f) % len(STATEMENTS)]
        out.append(template.format(t="tbl_%d" % (f % 97), k=k) + "\n\n")
    return "".join(out)


def main():
    if len(sys.argv) not in (2, 3):
        sys.exit("usage: gen_sql.py DIR [FILES]")
    root = sys.argv[1]
    files = int(sys.argv[2]) if len(sys.argv) == 3 else 2000
    os.makedirs(root, exist_ok=True)
    for f in range(files):
        with open(os.path.join(root, "V%04d__migration.sql" % (f + 1)), "w") as fh:
            fh.write(file_text(f, 23))
    print(files * 23)


if __name__ == "__main__":
    main()
