-- The notes the demo app stores. Runs in one transaction with its schema_migrations row.
-- ferry:columns notes id body created_at
create table notes (
  id serial primary key,
  body text not null,
  created_at timestamptz not null default now()
);
