-- The reconciler's work list and the data plane's route table.

-- When the reconciler should look at an endpoint next. A worker claims the earliest due row with
-- FOR UPDATE SKIP LOCKED, so replicas on one database never work the same endpoint at once, and
-- a replica killed mid-step releases its row with its connection.
alter table endpoints add column reconcile_at timestamptz not null default now();
-- Progress of a blue/green traffic shift (phase, share, when the phase began), as JSON; null when
-- no shift is under way. Kept in the row so a restarted control plane resumes where it stopped.
alter table endpoints add column rollout text;
create index endpoints_due on endpoints (reconcile_at);

-- Every change the API makes (create, update, delete) is due at once; the reconciler is told.
create function berth_endpoint_due() returns trigger language plpgsql as $$
begin
  if tg_op = 'INSERT' or new.status is distinct from old.status
     and new.status in ('Creating', 'Updating', 'Deleting') then
    new.reconcile_at := now();
    perform pg_notify('berth_reconcile', new.id::text);
  end if;
  return new;
end $$;
create trigger endpoints_due before insert or update on endpoints
  for each row execute function berth_endpoint_due();

-- Where InvokeEndpoint traffic goes: one row per fleet that may receive traffic. The data plane
-- picks a row by traffic_share (blue/green shifting between configurations), a variant within it
-- by variant_weight, then an instance by routing_strategy. endpoint_name keeps the case it was
-- created with: invocations match it exactly.
create table endpoint_routes (
  endpoint_id       bigint        not null references endpoints (id) on delete cascade,
  config_id         bigint        not null,
  variant_name      varchar(63)   not null,
  account_id        char(12)      not null,
  region            varchar(32)   not null,
  endpoint_name     varchar(63)   not null,
  config_name       varchar(63)   not null,
  traffic_share     real          not null,
  variant_weight    real          not null,
  routing_strategy  varchar(32)   not null,
  multi_model       boolean       not null,
  shadow            boolean       not null,
  -- JSON array of "host:port" of the ready instances.
  instances         text          not null,
  updated_at        timestamptz   not null default now(),
  primary key (endpoint_id, config_id, variant_name)
);
create index endpoint_routes_by_name on endpoint_routes (account_id, region, endpoint_name);

-- Each changed endpoint is announced once per transaction (payload: its id), after commit.
create function berth_routes_changed() returns trigger language plpgsql as $$
begin
  perform pg_notify('berth_routes',
                    case when tg_op = 'DELETE' then old.endpoint_id else new.endpoint_id end::text);
  return null;
end $$;
create trigger endpoint_routes_notify after insert or update or delete on endpoint_routes
  for each row execute function berth_routes_changed();

-- The model definitions an endpoint was created (or is being updated) with, by the model name
-- its configuration uses: SageMaker copies models into the endpoint, so deleting a model later
-- does not stop its instances from being restarted or scaled.
alter table endpoints add column models text not null default '{}';
alter table endpoints add column pending_models text;
