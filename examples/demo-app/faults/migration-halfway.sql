-- DEMO_FAULT=migration-halfway only: `migrate.js up` runs this AFTER the real migrations,
-- statement by statement WITHOUT a transaction, so the first two changes stay behind when the
-- third fails. Ferry's restore-from-backup test depends on that leftover table and column.
create table audit_log (id serial primary key, note text);
alter table notes add column flagged boolean default false;
select * from table_that_does_not_exist;
