-- ferry:no-transaction
-- CREATE INDEX CONCURRENTLY cannot run inside a transaction (it does not block writes to a
-- live table), so this file runs statement by statement and its history row is written
-- afterwards. Each statement is idempotent, so a rerun after a failure part-way finishes the job.
-- ferry:columns notes id body created_at author
alter table notes add column if not exists author text not null default 'anonymous';
create index concurrently if not exists notes_author_idx on notes (author);
